#!/bin/sh
# A fix committed on the branch after the merge, never merged into main.
set -e
git switch -q feature/contact-page
printf '<p>Phone: 555-0100</p>\n' >> site/contact.html
git commit -qam "feat: add a phone number to the contact page"
git switch -q main
