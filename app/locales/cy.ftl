# Rhyngwyneb Roundtable yn Gymraeg. The Welsh twin of en.ftl: the same
# messages with the same variables; the terms follow GLOSSARY.md.

## The frame around every page

site-name = Roundtable
site-tagline = Glasbrint ar gyfer Seiberddiogelwch mewn Iechyd a Gofal
site-home-label = Hafan Roundtable
skip-to-content = Neidio i'r prif gynnwys
nav-account-label = Cyfrif
nav-consultations = Ymgyngoriadau
nav-gaps = Bylchau
nav-drafts = Drafftiau
nav-dashboard = Dangosfwrdd
nav-analysis = Dadansoddi
nav-administration = Gweinyddu
nav-your-account = Eich cyfrif
nav-sign-in = Mewngofnodi
nav-sign-out = Allgofnodi
nav-create-account = Creu cyfrif
footer-about = Mae Roundtable yn dod â chyrff y GIG, sefydliadau partner, llunwyr polisi a'r cyhoedd ynghyd ar y Glasbrint ar gyfer Seiberddiogelwch mewn Iechyd a Gofal, 2017 i 2020.
page-title = { $title } – Roundtable

## The language switch

language-en = English
language-cy = Cymraeg

## A page that is not there

not-found-title = Heb ddod o hyd i'r dudalen
not-found-typed = Os teipiwyd y cyfeiriad gwe, gwiriwch ei fod yn gywir.
not-found-pasted = Os gludwyd y cyfeiriad gwe, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.
not-found-home = Mynd i'r map trywydd

## Dates and times ("1 Rhagfyr 2026, 8:32yh": y bore, yr hwyr)

month-january = Ionawr
month-february = Chwefror
month-march = Mawrth
month-april = Ebrill
month-may = Mai
month-june = Mehefin
month-july = Gorffennaf
month-august = Awst
month-september = Medi
month-october = Hydref
month-november = Tachwedd
month-december = Rhagfyr
time-am = yb
time-pm = yh

## The roadmap (the home page)

roadmap-title = Y map trywydd
roadmap-heading = Map trywydd y Glasbrint
roadmap-lede = Mae'r Glasbrint ar gyfer Seiberddiogelwch mewn Iechyd a Gofal yn nodi, flwyddyn wrth flwyddyn, beth fydd cyrff y GIG, diwydiant, cyrff proffesiynol, llunwyr polisi a'r cyhoedd yn ei wneud i gadw iechyd a gofal yn ddiogel rhag ymosodiadau seiber. Darllenwch bob eitem, gwelwch sut mae'n mynd, a dweud eich dweud.
roadmap-loading = Wrthi'n llwytho'r map trywydd…
roadmap-target = Targed: { $date }
roadmap-led-by = Dan arweiniad { $owners }

## A roadmap item's status

status-planned = Wedi'i gynllunio
status-on-track = Ar y trywydd iawn
status-at-risk = Mewn perygl
status-behind = Ar ei hôl hi
status-done = Wedi'i gwblhau

## A roadmap item's page

breadcrumb-label = Briwsion bara
item-breadcrumb-roadmap = Map trywydd
item-status = Statws
item-progress-link = Cynnydd, dibyniaethau a'r hyn a'i newidiodd
item-target-date = Dyddiad targed
item-target-not-set = Heb ei osod
item-led-by = Dan arweiniad
item-no-institution = Dim sefydliad eto
item-last-updated = Diweddarwyd ddiwethaf
item-edit = Golygu'r eitem hon
item-analyse = Dadansoddi'r drafodaeth
item-who-does-what = Pwy sy'n gwneud beth

## The groups whose part an item spells out

stakeholder-boards = Byrddau'r GIG
stakeholder-cyber-professionals = Gweithwyr proffesiynol TG a seiberddiogelwch
stakeholder-health-professionals = Gweithwyr proffesiynol iechyd a gofal
stakeholder-partners = Sefydliadau partner
stakeholder-policy-makers = Llunwyr polisi
stakeholder-public = Y cyhoedd
