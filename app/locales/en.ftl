# Roundtable's interface in English. Every message here has its Welsh twin
# in cy.ftl, with the same variables; app/src/i18n/tests.rs checks both
# files against each other and against the code that uses them.

## The frame around every page

site-name = Roundtable
site-tagline = Blueprint for Cyber Security in Health and Care
site-home-label = Roundtable homepage
skip-to-content = Skip to main content
nav-account-label = Account
nav-consultations = Consultations
nav-gaps = Gaps
nav-drafts = Drafts
nav-dashboard = Dashboard
nav-analysis = Analysis
nav-administration = Administration
nav-your-account = Your account
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-create-account = Create an account
footer-about = Roundtable brings NHS bodies, partner institutions, policy makers and the public together on the Blueprint for Cyber Security in Health and Care, 2017 to 2020.
# The title of every page: the page's own title, then the site's name.
page-title = { $title } – Roundtable

## The language switch (each language named in itself, in the header)

language-en = English
language-cy = Cymraeg

## A page that is not there

not-found-title = Page not found
not-found-typed = If you typed the web address, check it is correct.
not-found-pasted = If you pasted the web address, check you copied the entire address.
not-found-home = Go to the roadmap

## Dates and times ("1 December 2026, 8:32pm")

month-january = January
month-february = February
month-march = March
month-april = April
month-may = May
month-june = June
month-july = July
month-august = August
month-september = September
month-october = October
month-november = November
month-december = December
time-am = am
time-pm = pm

## The roadmap (the home page)

roadmap-title = The roadmap
roadmap-heading = The Blueprint roadmap
roadmap-lede = The Blueprint for Cyber Security in Health and Care sets out, year by year, what NHS bodies, industry, professional bodies, policy makers and the public will do to keep health and care safe from cyber attack. Read each item, see how it is going, and have your say.
roadmap-loading = Loading the roadmap…
roadmap-target = Target: { $date }
roadmap-led-by = Led by { $owners }

## A roadmap item's status

status-planned = Planned
status-on-track = On track
status-at-risk = At risk
status-behind = Behind
status-done = Done

## A roadmap item's page

breadcrumb-label = Breadcrumb
item-breadcrumb-roadmap = Roadmap
item-status = Status
item-progress-link = Progress, dependencies and what changed it
item-target-date = Target date
item-target-not-set = Not set
item-led-by = Led by
item-no-institution = No institution yet
item-last-updated = Last updated
item-edit = Edit this item
item-analyse = Analyse the discussion
item-who-does-what = Who does what

## The groups whose part an item spells out

stakeholder-boards = NHS boards
stakeholder-cyber-professionals = IT and cyber security professionals
stakeholder-health-professionals = Health and care professionals
stakeholder-partners = Partner institutions
stakeholder-policy-makers = Policy makers
stakeholder-public = The public
