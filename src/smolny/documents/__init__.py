"""Documents drawn from the record: the minutes, access-code slips, resolutions' posters.

An edge package: it reads the record (`smolny.record`) and translates (`smolny.i18n`), and
lays every printable document out as HTML with print CSS, drawn as PDF by one engine,
WeasyPrint (`smolny.documents.pdf`), with the fonts it ships.
"""
