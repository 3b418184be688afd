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
