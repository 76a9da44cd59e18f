"""Tests for factcheck/boilerplate.py: every rule and every configured pattern.

Each configured pattern has one line it must remove and one real-news
sentence it must keep (``PATTERN_CASES``, in config order); a test fails when
a pattern is added to ``configs/default.toml`` without its pair here.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.boilerplate import clean, split_lines
from factcheck.config import load_config
from factcheck.errors import ConfigError

from tests.conftest import SEEDS

OPENING = "Der Stadtrat hat am Dienstag über den Haushalt für das kommende Jahr beraten."
CLOSING = "Eine Entscheidung soll nach Angaben der Verwaltung im März fallen."

# rule -> [(line the pattern removes, real-news sentence it must keep)], in config order
PATTERN_CASES: dict[str, list[tuple[str, str]]] = {
    "copyright": [
        ("© Musterverlag GmbH – Alle Rechte vorbehalten.", "Der Verlag beruft sich auf sein Copyright an den Fotos, sagte sein Anwalt."),
        ("Musterzeitung 2024. Alle Rechte vorbehalten.", "Die Künstlerin behielt sich alle Rechte an ihren Liedern vor, heißt es im Vertrag."),
        ("Nutzungsrechte erwerben?", "Der Sender will die Nutzungsrechte für die Bundesliga erwerben."),
    ],
    "navigation": [
        ("Inhalt", "Inhalt der Gespräche war die Lage im Irak."),
        ("Artikel auf einer Seite lesen", "Der Artikel auf Seite drei sorgte für Ärger im Rathaus."),
        ("Zur Startseite", "Zur Startseite des Wettbewerbs kamen 300 Läufer."),
        ("Startseite Politik Ausland Irak", "Die Startseite der Behörde war am Montag stundenlang nicht erreichbar."),
        ("< Vorherige Seite Nächste Seite >", "Auf der nächsten Seite des Berichts nennt die Kommission Zahlen."),
        ("Seite drucken", "Die Seite drucken zu lassen kostete den Verein 400 Euro."),
        ("Schriftgröße größer", "Die Schriftgröße auf den neuen Stimmzetteln wurde vergrößert."),
        ("Themen folgen", "Die Themen folgen einer klaren Linie, sagte die Ministerin."),
        ("Datenschutzerklärung", "Die Datenschutzerklärung der App verstößt nach Ansicht der Verbraucherschützer gegen EU-Recht."),
        ("Weiterlesen", "Die Schülerinnen wollen nach den Ferien weiterlesen."),
        ("Kommentare (12)", "Kommentare von Lesern sind in der Zeitung willkommen, sagte der Chefredakteur."),
        ("Pfeil nach oben Pfeil nach unten", "Der Pfeil nach oben auf der Anzeigetafel zeigt steigende Kurse an."),
        ("Hier gibt es mehr Artikel, Bilder und Videos aus Mülheim", "Hier gibt es mehr Parkplätze als im Stadtzentrum, sagte der Planer."),
        ("Mehr aus Kiel lesen Sie hier.", "Mehr aus dem Haushalt fließt in diesem Jahr in die Schulen."),
        ("Mehr dazu in beispiel.ORF.at", "Mehr dazu wollte der Sprecher am Montag nicht sagen."),
        ("Hier geht es zum Livestream", "Hier geht es zum Teil um Milliardenbeträge, sagte der Minister."),
        ("Back to top", "Back to top form, the team won again on Sunday."),
        ("Link zum Artikel: https://www.example.org/ticker/artikel-123.html", "Der Link zum Artikel wurde am Montag tausendfach geteilt."),
    ],
    "social_share": [
        ("Teilen Weiterleiten Tweeten", "Die Parteien wollen sich die Macht teilen, sagte Kogler."),
        ("Teilen auf Facebook", "Die Polizei bat darum, das Fahndungsfoto auf Facebook zu teilen."),
        ("Pin 11 Shares", "Die Zahl der Shares stieg nach Angaben des Konzerns um elf Prozent."),
        ("Share this item on Twitter", "Share prices fell sharply on Monday after the profit warning."),
        ("You can follow her on Twitter @example.", "Millions of people follow him on Twitter, where he posts several times a day."),
    ],
    "advertising": [
        ("Anzeige", "Die Polizei hat Anzeige gegen den Fahrer erstattet."),
        ("Weiterlesen nach der Anzeige", "Nach der Anzeige ermittelt nun die Staatsanwaltschaft."),
        ("Story continues below advertisement", "The story continues below the surface, the novelist said of her new book."),
        ("Diese Informationen stellen keine Anlageberatung dar.", "Die Bank bietet nach eigenen Angaben keine Anlageberatung in Filialen mehr an."),
    ],
    "paywall": [
        ("Den vollständigen Artikel lesen Sie als Abonnent.", "Den vollständigen Bericht will die Kommission im März vorlegen."),
        ("Registrieren Sie sich kostenlos, um weiterzulesen.", "Die Kinder durften nach der Pause weiterlesen, sagte die Lehrerin."),
        ("Bitte melden Sie sich an!", "Wer helfen will, soll sich bitte bei der Gemeinde melden, sagte der Bürgermeister."),
        ("Exklusiv für Abonnenten", "Exklusiv für den Sender sprach der Kanzler über seine Pläne."),
        ("shz+ Nutzer", "Die Zahl der Nutzer stieg auf 2,3 Millionen."),
        ("Monatlich kündbar", "Der Vertrag ist nach Angaben der Verbraucherzentrale monatlich kündbar."),
        ("Bequeme Verlängerung", "Die bequeme Verlängerung der Laufzeiten kritisierten die Grünen scharf."),
        ("ab 1,99 € / Monat Jetzt 30 Tage kostenlos testen", "Die Stadt will jetzt testen, ob die neue Ampel den Verkehr beschleunigt."),
        ("Jetzt abonnieren", "Wer jetzt abonnieren will, zahlt nach Angaben des Verlags mehr."),
        ("Already a subscriber? Log in", "The number of subscribers rose by ten percent, the company said."),
        ("Warum muss ich mich anmelden?", "Warum muss ich mich für die Wahl anmelden, fragten viele Bürger."),
        ("Um diesen Artikel zu lesen, schließen Sie einen Probemonat ab.", "Um diesen Streit zu lösen, schaltete sich der Kanzler ein."),
        ("Noch nicht bei der Musterzeitung? Jetzt registrieren", "Noch nicht bei der Polizei gemeldet hat sich der Fahrer des Wagens."),
        ("Please turn off your ad blocker to support our journalism.", "The company sells an ad blocker that millions of people use."),
    ],
    "donation": [
        (
            "Unabhängiger Journalismus kostet Geld. Schon mit 5 Euro im Monat sind Sie dabei. Jetzt unterstützen",
            "Jetzt unterstützen auch die Grünen den Antrag, sagte die Sprecherin.",
        ),
        ("Bitte unterstützt unsere Arbeit finanziell:", "Die Länder unterstützen uns beim Ausbau der Schulen, sagte die Ministerin."),
        ("IBAN: DE12 3456 7890 1234 5678 90", "Die IBAN-Pflicht gilt seit 2014 für alle Überweisungen."),
        ("Verwendungszweck: Spende", "Der Verwendungszweck der Mittel ist im Gesetz genau geregelt."),
        ("PayPal: paypal.me/beispiel", "Der Bezahldienst PayPal meldete am Mittwoch einen Gewinnanstieg."),
    ],
    "newsletter": [
        ("Abonnieren Sie unseren Newsletter", "Mehr als 10.000 Menschen haben den Newsletter der Stadt bereits abonniert."),
        ("Melden Sie sich hier für unseren Newsletter an", "Die Bürger sollen sich für die Impfung beim Gesundheitsamt melden."),
        (
            "Immer informiert: Wir benachrichtigen Sie bei neuen Entwicklungen",
            "Die Behörden wollen die Anwohner bei neuen Entwicklungen sofort informieren.",
        ),
        ("Wissen-Push", "Der Push für mehr Windräder kommt vom Land."),
        (
            "Abonnieren Sie in der Muster-App die Benachrichtigungen des Wissen-Kanals.",
            "Mehr als 10.000 Menschen haben die Benachrichtigungen der Warn-App bereits abonniert.",
        ),
        ("Get the best of Example News delivered to your inbox - subscribe now.", "The newsletter, which has 50,000 subscribers, was founded in 2010."),
        (
            "Sign up for our daily newsletter to get the latest stories.",
            "She signed up for the newsletter of a local charity in 2015, her lawyer said.",
        ),
        ("Every evening we send out a selection of the day's news. Sign up here.", "Residents can sign up for the program at the town hall until Friday."),
        ("Click here to get the Example News app", "Residents were told to click on a link in the message, police said."),
        ("We'll send breaking news and news alerts to you as they happen!", "We will send more troops to the border, the minister said."),
        ("Sign up!", "Sign-ups were slow at first, the organisers said."),
    ],
    "consent": [
        ("Wir verwenden Cookies, um unsere Website zu verbessern.", "Die Bäckerei verkauft seit Jahren Cookies nach amerikanischem Rezept."),
        ("Ich akzeptiere die Nutzungsbedingungen.", "Die Gewerkschaft akzeptiert die Bedingungen des Arbeitgebers nicht."),
        ("Passwort", "Das Passwort des Ministers war nach Angaben der Ermittler zu kurz."),
        ("Das Passwort muss mindestens 8 Zeichen lang sein.", "Ein Passwort muss nach den neuen Regeln alle 90 Tage geändert werden, sagte die Behörde."),
        ("Passwort vergessen?", "Der Täter hatte das Passwort offenbar ausgespäht."),
        ("Bitte tragen Sie Ihre E-Mail-Adresse ein.", "Bitte tragen Sie Ihre Anliegen schriftlich vor, sagte die Sachbearbeiterin."),
        ("Ihre E-Mail", "Ihre E-Mail an den Minister blieb unbeantwortet, berichtete die Frau."),
        ("Diese E-Mail-Adresse ist bereits bei uns registriert.", "Die E-Mail-Adresse des Bürgermeisters steht auf der Internetseite der Stadt."),
        ("Die Registrierung hat leider nicht funktioniert.", "Die Registrierung der Flüchtlinge hat nach Angaben des Amtes gut funktioniert."),
        ("Pflichtfelder *", "Für Pflichtfelder im Formular gelten strenge Regeln, sagte die Datenschützerin."),
        ("Cookie-Einstellungen", "Die Cookie-Richtlinie der EU soll im Herbst überarbeitet werden."),
        ("Bitte überprüfen Sie die rot markierten Pflichtfelder.", "Bitte überprüfen Sie Ihre Rauchmelder regelmäßig, rät die Feuerwehr."),
        (
            "*Datenschutzhinweis: Die Daten werden nur für diese Aktion verwendet.",
            "Der Datenschutzhinweis der App war nach Ansicht der Verbraucherschützer unvollständig.",
        ),
        (
            "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden.",
            "Externe Gutachter sollen die Inhalte der Studie prüfen, teilte das Ministerium mit.",
        ),
        ("Der Nutzer garantiert, dass das Angebot werbefrei abgespielt wird.", "Der Hersteller garantiert, dass die Geräte werbefrei laufen, sagte ein Sprecher."),
    ],
    "teaser": [
        ("Lesen Sie auch Neue Regeln für E-Scooter in der Innenstadt", "Lesen Sie auch die Packungsbeilage, rät die Apothekerin."),
        ("READ MORE: Mayor looks back on his first year in office", "Read more books, the teacher told her pupils, and you will write better."),
        ("Read more on the story here:", "Read more than 300 pages of the report before voting, the senator urged."),
        ("The family was found in the car on Monday ... Read More", "Die Preise stiegen … und stiegen immer mehr."),
        ("Das Wichtigste im Überblick:", "Das Wichtigste sei jetzt, Ruhe zu bewahren, sagte der Bürgermeister."),
        ("Karten und Grafiken zu den Fällen in example.at/daten", "Die Polizei veröffentlichte die Zahlen auf ihrer Internetseite."),
        ("More on the city council:", "More on the city council want a new vote, the mayor said."),
        ("More here", "More here than anywhere else in the state, the governor said."),
        ("Read the original article.", "Read the original contract before you sign, the lawyer advised."),
        ("+++Immer aktuell: Hier geht’s zum Wetter-Ticker+++", "Hier geht es um die Zukunft der Innenstadt, sagte die Bürgermeisterin."),
        (
            "Alle Nachrichten aus der Region finden Sie immer bei uns.",
            "Alle Nachrichten der Behörde finden Sie nur in einem Archiv, sagte der Historiker, und das sei geschlossen.",
        ),
    ],
    "widget": [
        ("Kommentar-Profil anlegen", "Ein Profil anlegen kann jeder, der im Ort wohnt, sagte der Vereinschef."),
        ("«Warum wurde mein Kommentar gelöscht?»", "Warum wurde der Kommentar des Abgeordneten gelöscht, fragte die Opposition."),
        (
            "Mit einem Klick auf das Merken-Symbol fügen Sie ein Thema zu Ihrer Merkliste hinzu.",
            "Mit einem Klick auf einen Link installierten die Opfer die Schadsoftware, sagte der Ermittler.",
        ),
        ("Tragen Sie mit Hinweisen bei oder melden Sie uns Fehler.", "Die Bürger sollen Schäden an Straßen der Stadt melden, sagte der Sprecher."),
        ("Die Zeitung arbeitet mit dem Institut Civey zusammen.", "Das Meinungsforschungsinstitut befragte 5000 Menschen."),
        (
            "Video Merkel spricht zur Lage 3:36 min Die Kanzlerin wandte sich an die Bürger.",
            "Das Video wurde nach Angaben der Polizei am Montag um 3:36 Uhr aufgenommen.",
        ),
        ("Video ansehen 01:45", "Das Video ansehen konnten nur Mitglieder des Ausschusses."),
        (
            "Schade – hier käme ein Video, wenn Ihr Browser HTML5 unterstützen würde.",
            "Der Browser des Nutzers speicherte die Daten, sagte der Gutachter.",
        ),
        ("2 Bilder", "2 Bilder des Malers wurden bei dem Brand zerstört."),
        ('<iframe src="https://example.org/video" width="640"></iframe>', "Der Iframe-Code der Seite war nach Angaben der Forscher fehlerhaft."),
        (
            "Download der Videodatei Wir bieten dieses Video in folgenden Formaten zum Download an: Klein Mittel Groß",
            "Wir bieten dieses Jahr wieder ein Sommerfest an, sagte die Bürgermeisterin.",
        ),
        ("Empfohlener redaktioneller Inhalt", "Empfohlen wird der Impfstoff für alle über 60, teilte die Kommission mit."),
        ("Please enable JavaScript to watch this video", "The hackers used JavaScript to steal the data, investigators said."),
        ("Watch video 01:58 Share", "Watch the video closely, the lawyer told the jury on Tuesday."),
        ("Dann senden Sie uns diese per E-Mail an die Redaktion.", "Die Polizei bittet Zeugen, sich per E-Mail an die Ermittler zu wenden."),
        ("Have a tip we should know? Write to us.", "The police got a tip from a neighbour on Monday, a spokesman said."),
        ("Download the Example News app for free alerts", "Users who download the app must agree to share their location, critics said."),
    ],
    "publisher": [
        (
            "*merkur.de ist Teil des bundesweiten Ippen-Digital-Redaktionsnetzwerks.",
            "Kiel ist Teil des bundesweiten Netzwerks.",
        ),
        ("(END) Dow Jones Newswires", "Dow Jones Newswires berichtete am Montag über die Fusion."),
        ("dts Deutsche Textservice Nachrichtenagentur GmbH", "Die Deutsche Textservice Nachrichtenagentur meldete neue Zahlen."),
        ('("Die Presse", Print-Ausgabe, 02.01.2020)', 'Die "Presse" berichtete in ihrer Print-Ausgabe über den Fall.'),
        (
            "Redaktioneller Hinweis: Kommentare geben die Meinung des Autors wieder.",
            "Ein redaktioneller Hinweis fehlte in dem Beitrag, rügte der Presserat.",
        ),
        (
            "Über dieses Thema berichtete die Tagesschau am 1. Januar 2020 um 20:00 Uhr.",
            "Über dieses Thema sprach der Minister am Montag im Bundestag.",
        ),
    ],
    "contact": [
        ("Telefon: 0761 882-1013", "Das Telefon des Bürgermeisters klingelte am Montag ununterbrochen."),
        ("www.polizei.example.de", "Die Polizei veröffentlichte die Bilder auf ihrer Internetseite."),
        ("Fotos finden Sie unter: www.example.org/fotos", "Die Behörde stellte die Unterlagen unter einer neuen Adresse ins Netz."),
        ("pressestelle@polizei.example.de", "Die Pressestelle der Polizei bestätigte den Einsatz am Abend."),
        ("Kontakt:", "Der Kontakt zwischen Regierung und Journalisten ist streng geregelt."),
        (
            "Original-Content von: Polizei Musterstadt, übermittelt durch news aktuell",
            "Der Original-Vertrag von 1990 liegt im Archiv.",
        ),
        ("OTS: Polizei Musterstadt", "Die Polizei verschickte die Meldung über den Dienst OTS."),
        ("Originalmeldung: https://www.presseportal.de/pm/1/2", "Die Originalmeldung der Polizei enthielt keine Namen."),
        ("Mit freundlichen Grüßen", "Mit freundlichen Grüßen an die Bürger beendete der Bürgermeister seine Rede."),
        ("Reaktionen an: redaktion@example.org", "Die Reaktionen an der Börse fielen verhalten aus."),
    ],
    "byline": [
        ("Von dpa", "Von dpa befragte Experten rechnen mit steigenden Preisen."),
        ("Von Anna Beispiel", "Von Anna Beispiel stammt auch der Entwurf für das neue Rathaus."),
        ("(dpa/lnw)", "Die dpa berichtete am Montag über den Streik."),
        ("sti/wa (afp, dpa)", "Die Ergebnisse kamen am Montag, sagte sie."),
        ("fro", "Froh sind wir nicht, sagte der Trainer."),
        ("SL", "SL Benfica gewann das Spiel."),
        ("(Quelle: APA)", "Quelle der Angaben ist die Agentur APA, sagte ein Sprecher."),
        ("(Quelle)", "Die Quelle der Informationen wollte der Sender nicht nennen."),
        (
            "Anna Example contributed reporting from Washington and Max Muster from Tokyo.",
            "She contributed to the success of the campaign, her former colleagues said.",
        ),
        (
            "Reporting by Anna Example in Berlin; Editing by Max Muster",
            "Reporting by the local newspaper prompted an investigation, officials said.",
        ),
        (
            "Anna Example is a Reporter for Example News. Follow her on Twitter at @annaexample.",
            "Anna Example is a reporter for the local paper, her lawyer said.",
        ),
        ("Follow him on Twitter at @maxexample.", "Follow the money, the senator told reporters on Twitter."),
        ("Delmenhorst (ots)", "Die Polizei in Delmenhorst (ots) sucht Zeugen eines Unfalls."),
    ],
    "timestamp": [
        ("01. Januar 2020, 22:52 Uhr", "Am 1. Januar 2020 trat das Gesetz in Kraft."),
        ("Mittwoch, 01.01.2020", "Am 01.01.2020 endete die Frist für die Anträge."),
        ("Stand: 25.02.2020, 16:07", "Stand der Ermittlungen ist, dass der Mann allein handelte."),
        ("March 18, 2020 11:57 ET", "On March 18, 2020 the company announced layoffs."),
        ("2020-01-01 14:22", "Die Kennung 2020-01-01 steht für den ersten Bericht des Jahres."),
        ("Aufgerufen am 02.01.2020 um 03:01", "Aufgerufen wurde am Montag zu einem Streik bei der Bahn."),
        ("22:52 Uhr", "Um 22:52 Uhr ging der erste Notruf bei der Feuerwehr ein."),
    ],
    "agency_note": [
        ("HINWEIS - Der Beitrag ist nur zur online-Verwendung freigegeben", "Hinweise auf eine Brandstiftung gebe es bislang nicht, sagte ein Polizeisprecher."),
        ("Das Bild ist nur zur Online-Verwendung freigegeben.", "Das Medikament ist nur zur Verwendung in Kliniken freigegeben, teilte das Institut mit."),
        ("Dieser Artikel wurde automatisch aus dem Agenturangebot übernommen.", "Das Kindergeld soll künftig automatisch ausgezahlt werden, sagte die Ministerin."),
        ("(This story is auto-generated from a syndicated feed.)", "The system automatically generated warnings for the region, officials said."),
        ("Sperrfrist: 12. Januar 2020, 18 Uhr", "Die Sperrfrist für Journalisten endete am Montag um 18 Uhr."),
        ("(Textlänge: 2.345 Zeichen)", "Die Textlänge der Vorlage sorgte im Ausschuss für Streit."),
        ("Redaktionelle Hinweise: Fotos zur Meldung finden Sie im Anhang.", "Die redaktionellen Hinweise des Presserats sind nicht bindend, sagte der Jurist."),
        ("Bitte lies unseren Hinweis zu Gesundheitsthemen.", "Bitte lesen Sie die Hinweise auf der Packung, rät der Apotheker."),
        ("This story has been updated to note that the mayor declined to comment.", "The story of the flood has been told many times, the mayor said."),
    ],
    "embedded_post": [
        ("Was für ein Abend mit Freunden! #Silvester pic.twitter.com/abc123 — Anna Beispiel (@anna_beispiel) December 31, 2019",
         "Die Sängerin — auf Twitter als @anna bekannt — trat am 31. Dezember 2019 in Berlin auf."),
    ],
    "gallery": [
        ("2 Bilder 2 Bilder Die Parteispitzen nach der Einigung.", "2 Bilder des Malers wurden bei dem Brand zerstört, 2 weitere blieben erhalten."),
        ("Bild 1 von 12", "Ein Bild von 1912 zeigt den Künstler als jungen Mann."),
        ("Anna Beispiel/Agentur 2/10 Das Paar besucht am Montag die Ausstellung in London.", "Lotto 6/49 Proves Generosity"),
        ("Zur Galerie", "Zur Galerie des Museums gehört ein Café."),
        ("Bildergalerie: Die Feuerwehr im Einsatz", "Die Galerie zeigt ab Montag Werke von Gerhard Richter."),
        ("Bildnachweis: Muster/dpa", "Die Bildrechte liegen nach Angaben des Verlags beim Fotografen."),
        ("Video: Kanzler besucht Hochwassergebiet.", "Videos von dem Angriff kursierten schnell im Netz."),
        ("Image caption Protesters gathered outside parliament", "The image of the pope went viral within hours, the Vatican said."),
        ("(Image by Example Agency) Details", "The image by the Dutch painter was sold for two million euros."),
        ("(Archivbild: Ein Tankflugzeug über dem Meer. Aufgenommen 2019.)", "Das Archivbild zeigt den Minister bei einem Besuch im Jahr 2019."),
        ("The council met on Monday; chief correspondent Anna Example reports from Leeds.", "The reporter, who was not named, said the council met on Monday."),
        ("Anna Example, right, the new head of the council, with her deputy in 2019.", "Anna Example, the new head of the council, turned right at the junction."),
        ("tagesschau 20:00 Uhr, 01.02.2021, Anna Beispiel, ARD Berlin", "Die Sendung um 20 Uhr am 1. Februar verfolgten fünf Millionen Menschen."),
        ("Video einbetten Nutzungsbedingungen Embedding: Durch Anklicken erkennt der Nutzer die AGB an. " + "Klein Mittel Groß. " * 59 + "Ende.", "Der Download der Datei dauerte nach Angaben der Polizei nur Sekunden."),
        ("Check out the photos above.", "The photos above the fireplace were taken in 1952, she said."),
    ],
}

# tail markers, in config order: (marker line, sentence to keep)
TAIL_MARKER_CASES = [
    ("meistkommentiert", "Der meistkommentierte Beitrag des Jahres stammt von einer Schülerin."),
    ("Am meisten gelesen", "Am meisten gelesen werden nach der Studie Lokalnachrichten."),
    ("Mehr zum Thema Israel:", "Mehr zum Thema wollte die Sprecherin nicht sagen."),
    ("Mehr zum Thema", "Mehr zum Thema Rente will die Regierung im Herbst vorlegen."),
    ("Lesen Sie auch:", "Lesen Sie auch die Packungsbeilage, rät die Apothekerin."),
    ("Das könnte Sie auch interessieren", "Das könnte Sie auch interessieren, sagte der Museumsdirektor zu den Besuchern."),
    ("Auch interessant", "Auch interessant ist die Frage, wer die Kosten trägt."),
    ("Weitere Artikel", "Weitere Artikel des Gesetzes sollen im Herbst geändert werden."),
    ("Weitere Polizeinachrichten aus Thüringen:", "Weitere Nachrichten aus der Region folgen am Abend."),
    ("Zum Thema", "Zum Thema Klimaschutz äußerte sich der Minister nicht."),
    ("Empfehlungen der Redaktion", "Die Empfehlungen der Kommission sollen bis Juni umgesetzt werden."),
    ("Rückfragen bitte an:", "Rückfragen beantwortete der Sprecher am Montag nicht."),
    ("Pressekontakt:", "Der Pressekontakt lief nach Angaben des Verbands über das Ministerium."),
    (
        "Weitere Informationen und Rückfragen: Anna Beispiel, Pressesprecherin",
        "Weitere Informationen und Rückfragen zum Verfahren sollen im März folgen.",
    ),
    ("Most read", "Most readers said they trusted local news, the survey found."),
]

# teaser heading patterns, in config order: (teaser heading, real subheading to keep)
TEASER_HEADING_CASES = [
    ("Liveblog: Kanzler besucht Hochwassergebiet", "Videoüberwachung am Bahnhof"),
    ("• Kommentar: Trump setzt auf Härte", "Kommentar des Ministers sorgt für Ärger"),
    ("Fakten zum Terror im Irak", "Fakten schaffen vor der Wahl"),
    ("Zum Thema: Wie sicher sind Brücken?", "Zum Themenabend kamen 200 Gäste"),
    ("Mehr zur Ibiza-Affäre", "Mehr Geld für Schulen"),
    ("„Ein schwarzer Tag“: Werk in Bochum schließt", "Ein schwarzer Tag für das Werk in Bochum"),
]

# sign-off patterns, in config order: (paragraph, sign-off it loses, line to keep whole)
SIGNOFF_CASES = [
    ("Die Polizei ermittelt. (mit dpa/afp)", "(mit dpa/afp)", "Der Sprecher (dpa-Büro Freiburg) sucht Zeugen."),
    ("Die Polizei ermittelt. dpa", "dpa", "Die Polizei ermittelt, dpa berichtete zuerst."),
    ("Die Polizei sucht Zeugen. (dpo)", "(dpo)", "Der Fall ist bekannt (vgl. oben), sagte die Sprecherin."),
    ("Der Ölpreis stieg um einen Dollar./bgf/jsl/he", "/bgf/jsl/he", "Die Quote stieg auf 2,4 Prozent/Jahr, sagte sie."),
]

# opening dateline patterns, in config order: (first line, dateline cut from it, first line that stays whole)
OPENING_DATELINE_CASES = [
    ("Tunis/Berlin. Nach dem Angriff schicken die USA weitere Soldaten.", "Tunis/Berlin.",
     "Herr Dr. Kampmann leitet die Klinik seit zehn Jahren."),
    ("dpa Ankara Das Parlament berät heute über den Haushalt.", "dpa Ankara",
     "Die dpa Berlin berichtete am Montag über den Streik."),
]

# dateline patterns, in config order: (paragraph, dateline cut from it, sentence that stays whole)
DATELINE_CASES = [
    ("Landshut (dpa/lby) - Die Polizei hat mehr als 30 Brände gezählt.", "Landshut (dpa/lby) -",
     "Die Polizei (Landshut) - so ein Sprecher - zählte 30 Brände."),
    ("PALM BEACH, Fla. — The president met the prime minister on Tuesday.", "PALM BEACH, Fla. —",
     "USA und EU — ein Streit über Zölle beschäftigt die Minister."),
    ("(sat) Die Partei hat ihre Versammlung abgesagt.", "(sat)",
     "(Fast) alle Gäste kamen pünktlich, sagte die Wirtin."),
    ("BRÜSSEL afp | Die Minister beraten am Montag über den Haushalt.", "BRÜSSEL afp |",
     "Gewinner des Abends | so die Jury | war die Band aus Kiel."),
]

@pytest.mark.parametrize("line", ["01.01.20 | 17:43 Uhr", "Programm: NDR 1 Welle Nord | Nachrichten für Kiel"])
def test_a_bar_after_a_time_or_a_label_is_no_dateline(bp, line):
    bar = re.compile(bp.dateline_patterns[3], re.IGNORECASE)
    assert "|" in bp.dateline_patterns[3] and not bar.match(line)


# the same dateline pattern on more of the forms it was written for: (paragraph, dateline cut from it)
MORE_DATELINES = [
    ("SEOUL, South Korea — North Korea announced a halt to its tests.", "SEOUL, South Korea —"),
    ("WASHINGTON -- The Senate voted on Wednesday.", "WASHINGTON --"),
    ("WASHINGTON ―House leaders met on Thursday.", "WASHINGTON ―"),
    ("WASHINGTON—Joining a chorus of bishops, the group wrote a letter.", "WASHINGTON—"),
    ("DANVILLE, Ky. –- The candidate spoke for an hour.", "DANVILLE, Ky. –-"),
    ("BERLIN - A fire at a zoo killed more than 30 animals.", "BERLIN -"),
    ("GIESSEN - (red). Die Polizei sucht Zeugen.", "GIESSEN - (red)."),
    ("Bad Segeberg | Die Feuerwehr rückte am Abend aus.", "Bad Segeberg |"),
    ("HAMBURG taz | Der Senat hat den Plan vorgestellt.", "HAMBURG taz |"),
]


@pytest.mark.parametrize("paragraph, dateline", MORE_DATELINES)
def test_more_dateline_forms_are_cut(bp, paragraph, dateline):
    text, removed = clean(f"{OPENING}\n\n{paragraph}", bp, "en")
    assert [(r.text, r.rule) for r in removed] == [(dateline, "dateline")]
    assert paragraph.removeprefix(dateline).strip() in text.split("\n")


@pytest.mark.parametrize("paragraph", [
    "UPDATE - May 30, 10 p.m.: The comedian apologised on Twitter.",  # a marker word, not a place
    "ACHTUNG - Die Meldung wurde korrigiert.",
    "ALL-COUNTY VOLLEYBALL | Player of the Year",
    "NASA - the agency said on Monday - will launch in May.",  # no capital after the dash
    "SPÖ-Chefin Rendi-Wagner plädierte für die Aufnahme von Kindern.",
])
def test_capitals_and_dashes_that_are_no_dateline_stay(bp, paragraph):
    text, removed = clean(f"{OPENING}\n\n{paragraph}\n\n{CLOSING}", bp, "en")
    assert removed == () and paragraph in text.split("\n")

# credit patterns, in config order: (caption with credit, sentence to keep)
CREDIT_CASES = [
    ("Der Minister beim Besuch in Kiel. Foto: Anna Beispiel/dpa", "Das Foto zeigt den Minister beim Besuch in Kiel."),
    ("Hamburgs Bürgermeister bei einer Rede Quelle: dpa", "Quelle der Angaben ist das Statistische Bundesamt."),
    ("Ein Blaulicht an einem Streifenwagen. © Max Mustermann", "Der Verlag nutzt das ©-Zeichen auf allen Seiten."),
    ("Die Parteispitzen nach der Einigung. Keystone/EPA/Max Muster", "Die Agentur Keystone meldete am Montag einen Gewinnrückgang."),
    ("Sabrina Beispiel mit ihren Eltern. Bild: Dani Muster (Luzern, 1. Januar 2000)", "Die Bilder aus Luzern (aufgenommen 2000) zeigen die Familie."),
    ("Die Konjunkturexperten senken ihre Prognosen. (Symbolbild) Keystone", "Das Archiv der Stadt wurde 1950 gegründet, sagte die Leiterin."),
    ("Protesters outside the embassy on Tuesday. (Photo by Anna Example/Getty Images)", "The exhibition shows photos by Annie Leibovitz from five decades."),
    ("Revellers on the Strip. (Anna Example/Example Review-Journal) @annaexample", "The union (CDU/CSU) lost votes in the east, the survey found."),
    ("Protesters burn property in front of the embassy. Khalid Example/AP", "The talks ended without result, the minister told AP on Monday."),
]


@pytest.fixture(scope="module")
def bp(cfg):
    return cfg.ingest.boilerplate


def _article(*paragraphs: str) -> str:
    return "\n\n".join((OPENING, *paragraphs, CLOSING))


def _rules_by_text(removed) -> dict[str, str]:
    return {r.text: r.rule for r in removed}


# --- the tables cover the config ------------------------------------------------------------------


def test_every_line_pattern_has_a_case(bp):
    assert {rule: len(patterns) for rule, patterns in bp.line_patterns.items()} == {
        rule: len(cases) for rule, cases in PATTERN_CASES.items()
    }


@pytest.mark.parametrize(
    "name, cases",
    [
        ("tail_markers", TAIL_MARKER_CASES),
        ("teaser_heading_patterns", TEASER_HEADING_CASES),
        ("signoff_patterns", SIGNOFF_CASES),
        ("dateline_patterns", DATELINE_CASES),
        ("opening_dateline_patterns", OPENING_DATELINE_CASES),
        ("credit_patterns", CREDIT_CASES),
    ],
)
def test_every_other_pattern_has_a_case(bp, name, cases):
    assert len(getattr(bp, name)) == len(cases)


# --- line patterns ---------------------------------------------------------------------------------

LINE_PATTERN_PARAMS = [
    pytest.param(rule, index, furniture, sentence, id=f"{rule}-{index}")
    for rule, cases in PATTERN_CASES.items()
    for index, (furniture, sentence) in enumerate(cases)
]


@pytest.mark.parametrize("rule, index, furniture, sentence", LINE_PATTERN_PARAMS)
def test_line_pattern_removes_its_furniture(bp, rule, index, furniture, sentence):
    pattern = re.compile(bp.line_patterns[rule][index], re.IGNORECASE)
    assert pattern.fullmatch(furniture), "the case does not exercise its own pattern"
    text, removed = clean(_article(furniture), bp, "de")
    assert _rules_by_text(removed) == {furniture: rule}
    assert furniture not in text


@pytest.mark.parametrize("rule, index, furniture, sentence", LINE_PATTERN_PARAMS)
def test_line_pattern_keeps_real_sentence(bp, rule, index, furniture, sentence):
    pattern = re.compile(bp.line_patterns[rule][index], re.IGNORECASE)
    assert not pattern.fullmatch(sentence)
    text, removed = clean(_article(sentence), bp, "de")
    assert removed == ()
    assert text == _article(sentence)


@pytest.mark.parametrize("post", [
    "Ein toller Abend! pic.twitter.com/abc123 — Anna Beispiel (@anna_beispiel) 31. Dezember 2019",  # German embed
    "Great night. https://t.co/abc — Ann Example (@ann) Dec. 31, 2019",  # abbreviated month
])
def test_embedded_post_signature_in_other_date_forms(bp, post):
    text, removed = clean(_article(post, "Ein weiterer Absatz folgt hier."), bp, "de")
    assert _rules_by_text(removed) == {post: "embedded_post"}
    assert "Ein weiterer Absatz folgt hier." in text.split("\n")


@pytest.mark.parametrize("index, first, dateline, keep", [(i, *case) for i, case in enumerate(OPENING_DATELINE_CASES)])
def test_opening_dateline_is_cut_from_the_first_line_only(bp, index, first, dateline, keep):
    assert re.compile(bp.opening_dateline_patterns[index], re.IGNORECASE).match(first)
    text, removed = clean(f"{first}\n\nEssen. Die Stadt plant weiter.", bp, "de")
    assert [(r.text, r.rule) for r in removed] == [(dateline, "dateline")]
    lines = text.split("\n")
    assert first.removeprefix(dateline).strip() in lines
    assert "Essen. Die Stadt plant weiter." in lines  # the same shape further down is a sentence
    text, removed = clean(keep, bp, "de")
    assert removed == () and keep in text.split("\n")


@pytest.mark.parametrize("first", [
    "Florida Sen. Marco Rubio said the vote was close.",  # a word before an abbreviation's stop
    "EXPERT ADVICE. Keep your receipts.",  # all in capitals: a heading, not a place
    "Indeed, the vote was close.",
    "AP In this image made from video, smoke rises over the hills.",  # an English caption's credit, not a dateline
    "Reuters also confirmed the report on Tuesday.",
])
def test_opening_dateline_leaves_other_openings(bp, first):
    text, removed = clean(first, bp, "en")
    assert removed == () and first in text.split("\n")


# --- tail markers, teaser headings, sign-offs, credits ----------------------------------------------


@pytest.mark.parametrize("index, marker, sentence", [(i, *case) for i, case in enumerate(TAIL_MARKER_CASES)])
def test_tail_marker_removes_teaser_block(bp, index, marker, sentence):
    assert re.compile(bp.tail_markers[index], re.IGNORECASE).fullmatch(marker)
    raw = _article(f"{marker}\nNeue Regeln für E-Scooter\nStreit um den Stadtpark\nTelefon: 0761 882-1013")
    text, removed = clean(raw, bp, "de")
    assert removed[0].text == marker and removed[0].rule == "tail_block"
    assert [r.text for r in removed][1:3] == ["Neue Regeln für E-Scooter", "Streit um den Stadtpark"]
    assert "E-Scooter" not in text and text.endswith(CLOSING)


@pytest.mark.parametrize("index, marker, sentence", [(i, *case) for i, case in enumerate(TAIL_MARKER_CASES)])
def test_tail_marker_keeps_real_sentence(bp, index, marker, sentence):
    assert not re.compile(bp.tail_markers[index], re.IGNORECASE).fullmatch(sentence)
    text, removed = clean(_article(sentence, "Kurze Zeile ohne Punkt"), bp, "de")
    assert removed == ()
    assert sentence in text.split("\n")


@pytest.mark.parametrize("index, teaser, subheading", [(i, *case) for i, case in enumerate(TEASER_HEADING_CASES)])
def test_teaser_heading_goes_real_subheading_stays(bp, index, teaser, subheading):
    assert re.compile(bp.teaser_heading_patterns[index], re.IGNORECASE).match(teaser)
    assert not re.compile(bp.teaser_heading_patterns[index], re.IGNORECASE).match(subheading)
    text, removed = clean(_article(teaser, "Ein weiterer Absatz folgt hier.", subheading, "Und noch ein Absatz."), bp, "de")
    assert _rules_by_text(removed) == {teaser: "teaser_heading"}
    assert subheading in text.split("\n")


@pytest.mark.parametrize("index, paragraph, signoff, keep", [(i, *case) for i, case in enumerate(SIGNOFF_CASES)])
def test_signoff_is_cut_from_the_paragraph(bp, index, paragraph, signoff, keep):
    text, removed = clean(_article(paragraph, keep), bp, "de")
    assert [(r.text, r.rule) for r in removed] == [(signoff, "byline")]
    assert paragraph.removesuffix(signoff).rstrip() in text.split("\n")
    assert keep in text.split("\n")


@pytest.mark.parametrize("index, caption, sentence", [(i, *case) for i, case in enumerate(CREDIT_CASES)])
def test_credit_removes_caption_keeps_sentence(bp, index, caption, sentence):
    pattern = re.compile(r"(?:" + bp.credit_patterns[index] + r")\s*$", re.IGNORECASE)
    assert pattern.search(caption)
    text, removed = clean(_article(caption, sentence), bp, "de")
    assert [(r.text, r.rule) for r in removed] == [(caption, "photo_credit")]
    assert sentence in text.split("\n")


# --- news sentences that speak of furniture stay ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Ein Foto des Ministers mit dem Verdächtigen sorgte am Montag für Empörung.",
        "Die Polizei veröffentlichte Bilder der Überwachungskamera und bittet um Hinweise.",
        "Hinweis auf eine Brandstiftung gebe es nicht, sagte der Sprecher der Feuerwehr.",
        "Die Galerie am Markt zeigt ab Freitag Fotos aus dem Krieg.",
        "Mehr als 20.000 Leser haben den Newsletter der Zeitung abonniert, sagte der Verleger.",
        "Das Video zeigt, wie der Mann auf die Beamten losgeht.",
        "The photo, taken by an Associated Press photographer, shows the pope pulling his hand away.",
        "Her newsletter about climate policy has more than 40,000 subscribers.",
        "A gallery in London sold the painting for 2 million pounds, the auction house said.",
        "Readers can watch the video of the speech on the city's website, the mayor said.",
        "He told Reuters the talks would continue on Monday.",
    ],
)
def test_news_sentences_about_furniture_stay(bp, sentence):
    text, removed = clean(_article(sentence), bp, "de")
    assert removed == ()
    assert sentence in text.split("\n")


# --- rules that are shapes, not patterns ------------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected_text",
    [
        ("![](https://example.org/bild.jpg)", None),
        ("![Hafen bei Nacht](https://example.org/hafen.jpg) ![](x.png)", None),
        ("Der Hafen wächst. ![Hafen](https://example.org/hafen.jpg) Die Zahlen steigen.", "Der Hafen wächst.  Die Zahlen steigen."),
    ],
)
def test_image_markdown_is_furniture(bp, line, expected_text):
    text, removed = clean(_article(line), bp, "de")
    assert {r.rule for r in removed} == {"image"}
    assert "![" not in text
    if expected_text is not None:
        assert expected_text in text.split("\n")


@pytest.mark.parametrize(
    "line, removed_as",
    [
        ("-0%1%2%3%4%5%6%7%8%9%10%11%12%13%14%15%16%17%18%19%20%21%22%23%24%25%100%", "symbols"),
        ("----------------", "symbols"),
        ("***", "symbols"),
        ("(01) 588 11 / 1010 – 31, 0660 855 6804", "symbols"),
        ("Die Inflation lag im Mai bei 2,4 Prozent, im April bei 2,2 Prozent.", None),
        ("1:0 (0:0)", None),  # short result lines stay
    ],
)
def test_symbol_lines(bp, line, removed_as):
    text, removed = clean(_article(line), bp, "de")
    assert [r.rule for r in removed] == ([removed_as] if removed_as else [])
    assert (line in text.split("\n")) is (removed_as is None)


def test_credit_on_long_paragraph_cuts_only_the_credit(bp):
    paragraph = " ".join(["Der Stadtrat beriet lange über den Haushalt und die Schulden."] * 5) + " Foto: dpa"
    text, removed = clean(_article(paragraph), bp, "de")
    assert [(r.text, r.rule) for r in removed] == [("Foto: dpa", "photo_credit")]
    assert paragraph.removesuffix(" Foto: dpa") in text.split("\n")


def test_tail_block_ends_where_prose_resumes(bp):
    raw = _article(
        "Lesen Sie auch:\nNeue Regeln für E-Scooter",
        "Die Polizei sucht nun Zeugen, die den Unfall am Montagabend beobachtet haben und Angaben machen können.",
    )
    text, removed = clean(raw, bp, "de")
    assert [r.rule for r in removed] == ["tail_block", "tail_block"]
    assert "Die Polizei sucht nun Zeugen" in text


def test_labelled_link_between_teasers_goes(bp):
    promo = "The Briefing: Why the city council could not agree on a budget."
    raw = _article("More: A guide to the new parking rules.", promo, "Related: The mayor on his first year.",
                   "Council members said they would meet again in March.")
    text, removed = clean(raw, bp, "en")
    assert _rules_by_text(removed)[promo] == "teaser"
    assert "Council members said they would meet again in March." in text.split("\n")


@pytest.mark.parametrize("line", [
    "Update: The council met again on Friday.",  # labelled, but only a teaser above it
    "The council met again on Friday, officials said.",  # between teasers, but no label
])
def test_line_between_teasers_stays_without_label_or_second_teaser(bp, line):
    below = "Related: The mayor on his first year." if line.startswith("The council") else "The vote is in March."
    raw = _article("More: A guide to the new parking rules.", line, below)
    text, removed = clean(raw, bp, "en")
    assert line in text.split("\n")


def test_orphan_heading_over_furniture_goes(bp):
    raw = _article(
        "Vielen Dank!\nUnabhängiger Journalismus kostet Geld. Unterstützen Sie uns. Jetzt unterstützen",
        "meistkommentiert\nStreit um den Stadtpark",
    ).removesuffix("\n\n" + CLOSING)
    text, removed = clean(raw, bp, "de")
    assert _rules_by_text(removed)["Vielen Dank!"] == "orphan_heading"
    assert text == OPENING


def test_heading_at_the_end_goes_but_subheadings_stay(bp):
    raw = "\n\n".join([OPENING, "Streit um den Haushalt", CLOSING, "Messe des Papstes"])
    text, removed = clean(raw, bp, "de")
    assert [(r.text, r.rule) for r in removed] == [("Messe des Papstes", "orphan_heading")]
    assert "Streit um den Haushalt" in text.split("\n")


def test_gallery_headings_with_credits_stay(bp):
    raw = "\n\n".join(
        [OPENING, "Sängerin Anna Beispiel", "Foto: Max Muster", "Moderator Max Muster (ausgeschieden)", "Foto: Anna Beispiel", CLOSING]
    )
    text, removed = clean(raw, bp, "de")
    assert {r.rule for r in removed} == {"photo_credit"}
    assert "Sängerin Anna Beispiel" in text and "Moderator Max Muster (ausgeschieden)" in text


def test_title_and_lead_before_any_text_are_not_orphans(bp):
    raw = "Kurzer Titel\n\nZur Startseite\n\nUnterzeile ohne Punkt\n\n" + OPENING
    text, removed = clean(raw, bp, "de")
    assert [r.rule for r in removed] == ["navigation"]
    assert text.startswith("Kurzer Titel\n\nUnterzeile ohne Punkt")


@pytest.mark.parametrize("index, paragraph, dateline, keep", [(i, *case) for i, case in enumerate(DATELINE_CASES)])
def test_dateline_is_cut_from_the_paragraph(bp, index, paragraph, dateline, keep):
    pattern = re.compile(bp.dateline_patterns[index], re.IGNORECASE)
    assert pattern.match(paragraph), "the dateline pattern must be the one that matches"
    text, removed = clean(_article(paragraph, keep), bp, "de")
    assert [(r.text, r.rule) for r in removed] == [(dateline, "dateline")]
    assert paragraph[len(dateline):].strip() in text.split("\n\n")
    assert keep in text


def test_dateline_goes_before_the_line_rules(bp):
    # without the dateline, "(dpa/lby)" would read as the credit of a caption and take the whole paragraph
    text, removed = clean(_article("Rom (dpa/lby) - Der Papst hat gesprochen."), bp, "de")
    assert "Der Papst hat gesprochen." in text
    assert [r.rule for r in removed] == ["dateline"]


def test_lines_that_only_look_like_datelines_stay(bp):
    # ("Freiburg (ots)" on a line of its own is a dateline: line_patterns byline)
    lines = ("Berlin - Die Regierung tagt am Montag.",)
    text, removed = clean(_article(*lines), bp, "de")
    assert removed == ()
    assert all(line in text for line in lines)


def test_line_numbers_are_one_based_lines_of_the_input(bp):
    raw = "Erste Zeile ist Text.\r\nZur Startseite\r\n\r\nDritte Zeile. Foto: dpa\n"
    _, removed = clean(raw, bp, None)
    assert [(r.line, r.rule) for r in removed] == [(2, "navigation"), (4, "photo_credit")]


def test_paragraphs_are_kept_and_blank_runs_collapse(bp):
    text, _ = clean("\n\nErster Absatz.\n\n\n\nZweiter Absatz.\nZweite Zeile.\n\n", bp, "de")
    assert text == "Erster Absatz.\n\nZweiter Absatz.\nZweite Zeile."


def test_invalid_pattern_is_a_config_error():
    with pytest.raises(ConfigError, match="invalid regular expression"):
        load_config(overrides={"ingest": {"boilerplate": {"line_patterns": {"broken": ["(unclosed"]}}}})


# --- the seeds ------------------------------------------------------------------------------------

SEED_FURNITURE = [
    "© Handelsblatt GmbH",
    "Alle Rechte vorbehalten",
    "Nutzungsrechte erwerben",
    "Artikel auf einer Seite lesen",
    "Zur Startseite",
    "%1%2%",
    "40.000 mal Danke",
    "Jetzt unterstützen",
    "taz zahl ich",
    "meistkommentiert",
    "Tabubruch der CDU",
    "Klingelnde Kassen",
    "![](",
    "Quelle: dpa",
    "Fakten zum Terror im Irak",
]


@pytest.fixture(scope="module")
def seeds(bp):
    cleaned = {}
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        cleaned[path.name] = (raw, *clean(raw, bp, "de"))
    return cleaned


@pytest.mark.parametrize("furniture", SEED_FURNITURE)
def test_no_seed_furniture_survives(seeds, furniture):
    for name, (_, text, _) in seeds.items():
        assert furniture not in text, name
    assert all(line.strip() != "Inhalt" for _, text, _ in seeds.values() for line in text.split("\n"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Eine militärische Zusammenarbeit mit der Islamischen Republik werde es aber nicht geben.",
        "US-Außenminister John Kerry hält eine Zusammenarbeit mit dem Iran bei der Krise im Irak für möglich.",
        "Die irakische Regierung habe dem Schritt zugestimmt.",
        "Am Wochenende hatte die US-Regierung ein Teil des Botschaftspersonals aus der irakischen Hauptstadt abgezogen.",
    ],
)
def test_seed_sentences_survive(seeds, sentence):
    assert any(sentence in text for _, text, _ in seeds.values())


def test_every_seed_paragraph_survives_unless_furniture(seeds):
    furniture_lines = {r.line for _, _, removed in seeds.values() for r in removed}
    for name, (raw, text, removed) in seeds.items():
        kept_lines = set(text.split("\n"))
        cut = {r.line for r in removed}
        for number, line in enumerate(split_lines(raw), start=1):
            if line.strip() and number not in cut:
                assert line.strip() in kept_lines, f"{name}:{number}"
    assert furniture_lines  # the seeds do carry furniture


# --- nothing is lost silently -----------------------------------------------------------------------

_FURNITURE_SAMPLES = [item for cases in PATTERN_CASES.values() for item, _ in cases] + [
    "meistkommentiert",
    "Fakten zum Terror im Irak",
    "Der Minister in Kiel. Foto: dpa",
    "Die Polizei ermittelt. (dpa)",
    "![](https://example.org/x.jpg)",
    "Text mit Bild ![a](b) darin.",
    "-0%1%2%3%4%5%6%7%8%9%10%",
]
_LINES = st.one_of(
    st.sampled_from(_FURNITURE_SAMPLES),
    st.sampled_from([OPENING, CLOSING, "Kurze Zeile", "Streit um den Haushalt", ""]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
)


def _non_space(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_cleaned_and_removed_account_for_every_line(bp, lines, newline):
    raw = newline.join(lines)
    text, removed = clean(raw, bp, "de")
    raw_lines = split_lines(raw)
    # every character that is not whitespace is either kept or in a Removed record
    assert _non_space(raw) == _non_space(text) + sum((_non_space(r.text) for r in removed), Counter())
    kept = {line.strip() for line in text.split("\n")}
    cut_lines = {r.line for r in removed}
    for r in removed:
        assert r.text and r.text in raw_lines[r.line - 1]
    for number, line in enumerate(raw_lines, start=1):
        if line.strip() and number not in cut_lines:
            assert line.strip() in kept


# an embedded post over three paragraphs: the embed joins its own paragraphs by two blank lines or more
_POST = ("Die Behörde prüft den Vorfall weiter.\n\nIch bin sprachlos.\n\n\n\nDas ist ein echtes Foto von gestern.\n\n\n\n"
         "Das ist passiert. pic.twitter.com/abc — Ann Beispiel (@ann) 5. Dezember 2019\n\nDer Bericht geht weiter.")


def test_embedded_post_over_several_paragraphs_goes_whole(bp):
    text, removed = clean(_POST, bp, "de")
    assert [r.rule for r in removed] == ["embedded_post"] * 3
    assert [r.line for r in removed] == [3, 7, 11]
    # the article's paragraphs around it, one blank line from the post, stay
    assert text == "Die Behörde prüft den Vorfall weiter.\n\nDer Bericht geht weiter."


def test_embedded_post_paragraphs_need_the_gap_and_a_post_length(bp):
    one_blank = _POST.replace("\n\n\n\n", "\n\n")
    text, removed = clean(one_blank, bp, "de")
    assert len(removed) == 1 and "Das ist ein echtes Foto von gestern." in text  # article paragraphs: one blank
    long = _POST.replace("Das ist ein echtes Foto von gestern.", "Ein langer Absatz. " * 20)
    text, removed = clean(long, bp, "de")
    assert len(removed) == 1 and "Ich bin sprachlos." in text  # too long for a post: the walk stops there
    off = bp.model_copy(update={"post_paragraph_gap": 4})
    assert len(clean(_POST, off, "de")[1]) == 1


@pytest.mark.parametrize(("paragraph", "dateline"), [
    ("BERLIN (dpa-AFX) - Die Regierung hat den Haushalt beschlossen.", "BERLIN (dpa-AFX) -"),  # an agency's service
    ("Landshut (dpa/lby) - Die Polizei hat mehr als 30 Brände gezählt.", "Landshut (dpa/lby) -"),  # its region
])
def test_a_dateline_with_the_agency_service_after_a_hyphen(bp, paragraph, dateline):
    text, removed = clean(_article(paragraph), bp, "de")
    assert [(r.text, r.rule) for r in removed] == [(dateline, "dateline")]
    assert paragraph[len(dateline):].strip() in text


@pytest.mark.parametrize(("first", "dateline", "rest"), [
    # some regional papers glue the text to the dateline's full stop
    ("Seoul/Washington.Im Streit um das Atomprogramm stehen die Zeichen auf Konfrontation.", "Seoul/Washington.",
     "Im Streit um das Atomprogramm stehen die Zeichen auf Konfrontation."),
    ("Bad Mergentheim.Die Stadt plant weiter.", "Bad Mergentheim.", "Die Stadt plant weiter."),
])
def test_opening_dateline_glued_to_the_text(bp, first, dateline, rest):
    text, removed = clean(f"Ein Foto der Stadt. © dpa\n\n{first}", bp, "de")  # after a caption, still the opening
    assert (dateline, "dateline") in [(r.text, r.rule) for r in removed]
    assert rest in text.split("\n")


# --- unreadable lines --------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Qvr Fgnqg cynag rvara arhra Enqjrt nz Syhff haq jvyy qnsüe zrue Tryq nhftrora.",  # letters shifted (ROT13)
    "Eid Sdatt pnlat einne eneun Ragdwe ma Slsfu dnu lilw aüfdr ehmr Gdel gsuaebne.",  # letters shuffled
    "Γεια σου κόσμε, αυτό είναι ένα κείμενο που κανείς δεν διαβάζει εδώ.",  # a script no dictionary here has
])
def test_a_line_in_no_known_language_is_unreadable(bp, line):
    text, removed = clean(_article(line), bp, "de")
    assert [(r.text, r.rule) for r in removed] == [(line, "unreadable")]
    assert line not in text


@pytest.mark.parametrize("line", [
    "Die Stadt plant einen neuen Radweg am Fluss und will dafür mehr Geld ausgeben.",
    "\"We will build the bridge next year,\" the mayor told the council on Monday.",  # English in a German article
    "Sebastian Kurz, Werner Kogler, Leonore Gewessler, Alma Zadic und Rudolf Anschober.",  # names, mostly known
    "Qvr Fgnqg cynag.",  # too short to judge
])
def test_readable_lines_stay(bp, line):
    text, removed = clean(_article(line), bp, "de")
    assert removed == () and line in text


def test_an_article_in_a_language_no_dictionary_reads_is_left_to_the_language_check(bp):
    line = "Qvr Fgnqg cynag rvara arhra Enqjrt nz Syhff haq jvyy qnsüe zrue Tryq nhftrora."
    assert clean(_article(line), bp, None)[1] == () and clean(_article(line), bp, "es")[1] == ()


def test_the_unreadable_rule_can_be_switched_off():
    line = "Qvr Fgnqg cynag rvara arhra Enqjrt nz Syhff haq jvyy qnsüe zrue Tryq nhftrora."
    off = load_config(overrides={"ingest": {"boilerplate": {"unreadable_max_known": 0.0}}}).ingest.boilerplate
    assert clean(_article(line), off, "de")[1] == ()
