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
