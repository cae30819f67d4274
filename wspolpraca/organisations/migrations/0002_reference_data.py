"""Seed the reference tables: the art. 4 ust. 1 list and Płock's 21 districts (osiedla)."""

import datetime

from django.db import migrations

# Wording as in the consolidated text of the Act (Dz.U. 2024 poz. 1491). Earlier wordings
# are not recorded; a later change closes a row (valid_to) and adds a new one.
AREAS_VALID_FROM = datetime.date(2024, 10, 8)
AREAS = [
    ("1", "pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji życiowej oraz wyrównywanie szans tych rodzin i osób"),
    ("1a", "wspieranie rodziny i systemu pieczy zastępczej"),
    ("1b", "udzielanie nieodpłatnej pomocy prawnej, świadczenie nieodpłatnego poradnictwa obywatelskiego oraz zwiększanie świadomości prawnej społeczeństwa"),
    ("2", "działalność na rzecz integracji i reintegracji zawodowej i społecznej osób zagrożonych wykluczeniem społecznym"),
    ("3", "działalność charytatywna"),
    ("4", "podtrzymywanie i upowszechnianie tradycji narodowej, pielęgnowanie polskości oraz rozwój świadomości narodowej, obywatelskiej i kulturowej"),
    ("5", "działalność na rzecz mniejszości narodowych i etnicznych oraz języka regionalnego"),
    ("5a", "działalność na rzecz integracji cudzoziemców"),
    ("6", "ochrona i promocja zdrowia, w tym działalność lecznicza w rozumieniu ustawy z dnia 15 kwietnia 2011 r. o działalności leczniczej"),
    ("7", "działalność na rzecz osób niepełnosprawnych"),
    ("8", "promocja zatrudnienia i aktywizacji zawodowej osób pozostających bez pracy i zagrożonych zwolnieniem z pracy"),
    ("9", "działalność na rzecz równych praw kobiet i mężczyzn"),
    ("10", "działalność na rzecz osób w wieku emerytalnym"),
    ("11", "działalność wspomagająca rozwój gospodarczy, w tym rozwój przedsiębiorczości"),
    ("12", "działalność wspomagająca rozwój techniki, wynalazczości i innowacyjności oraz rozpowszechnianie i wdrażanie nowych rozwiązań technicznych w praktyce gospodarczej"),
    ("13", "działalność wspomagająca rozwój wspólnot i społeczności lokalnych"),
    ("14", "nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie"),
    ("15", "działalność na rzecz dzieci i młodzieży, w tym wypoczynku dzieci i młodzieży"),
    ("16", "kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego"),
    ("17", "wspieranie i upowszechnianie kultury fizycznej"),
    ("18", "ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego"),
    ("19", "turystyka i krajoznawstwo"),
    ("20", "porządek i bezpieczeństwo publiczne"),
    ("21", "obronność państwa i działalność Sił Zbrojnych Rzeczypospolitej Polskiej"),
    ("22", "upowszechnianie i ochrona wolności i praw człowieka oraz swobód obywatelskich, a także działań wspomagających rozwój demokracji"),
    ("23", "ratownictwo i ochrona ludności"),
    ("24", "pomoc ofiarom katastrof, klęsk żywiołowych, konfliktów zbrojnych i wojen w kraju i za granicą"),
    ("25", "upowszechnianie i ochrona praw konsumentów"),
    ("26", "działalność na rzecz integracji europejskiej oraz rozwijania kontaktów i współpracy między społeczeństwami"),
    ("27", "promocja i organizacja wolontariatu"),
    ("28", "pomoc Polonii i Polakom za granicą"),
    ("29", "działalność na rzecz kombatantów i osób represjonowanych"),
    ("30", "promocja Rzeczypospolitej Polskiej za granicą"),
    ("31", "działalność na rzecz rodziny, macierzyństwa, rodzicielstwa, upowszechniania i ochrony praw dziecka"),
    ("32", "przeciwdziałanie uzależnieniom i patologiom społecznym"),
    ("32a", "rewitalizacja"),
    ("33", "działalność na rzecz organizacji pozarządowych oraz podmiotów wymienionych w art. 3 ust. 3, w zakresie określonym w pkt 1–32a"),
]

DISTRICTS = [
    "Borowiczki",
    "Ciechomice",
    "Dworcowa",
    "Góry",
    "Imielnica",
    "Kochanowskiego",
    "Kolegialna",
    "Łukasiewicza",
    "Małachowskiego",
    "Miodowa",
    "Podolszyce Południe",
    "Podolszyce Północ",
    "Pradolina Wisły",
    "Radziwie",
    "Skarpa",
    "Stare Miasto",
    "Trzepowo",
    "Tysiąclecia",
    "Winiary",
    "Wyszogrodzka",
    "Zielony Jar",
]


def seed(apps, schema_editor):
    PublicBenefitArea = apps.get_model("organisations", "PublicBenefitArea")
    District = apps.get_model("organisations", "District")
    for position, (code, name) in enumerate(AREAS, start=1):
        PublicBenefitArea.objects.update_or_create(
            code=code, valid_from=AREAS_VALID_FROM, defaults={"name": name, "position": position}
        )
    for name in DISTRICTS:
        District.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PublicBenefitArea").objects.filter(valid_from=AREAS_VALID_FROM).delete()
    apps.get_model("organisations", "District").objects.filter(name__in=DISTRICTS).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
