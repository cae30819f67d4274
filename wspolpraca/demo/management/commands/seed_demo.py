"""Load the demo data: persona accounts and the NGO registry. Idempotent; DEBUG only."""

import datetime
import io
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from stdnum import iban

from wspolpraca.accounts.models import User
from wspolpraca.accounts.roles import has_mfa
from wspolpraca.accounts.services import create_user, enrol_totp
from wspolpraca.common.services import log_action
from wspolpraca.demo.bodies import seed_bodies
from wspolpraca.demo.competitions import _no_notifications, seed_competitions
from wspolpraca.demo.consultations import seed_consultations
from wspolpraca.demo.conversations import seed_conversations
from wspolpraca.demo.identity import seed_identity
from wspolpraca.demo.organisations import ORGANISATIONS, PENDING_RENAME, PEOPLE, STREETS, WITH_TOTP
from wspolpraca.organisations import krs
from wspolpraca.organisations.enums import JoinRequestStatus, MembershipRole, VerificationStatus
from wspolpraca.organisations.identifiers import generated_krs, generated_nip, generated_regon
from wspolpraca.organisations.identity_changes import request_identity_change
from wspolpraca.organisations.models import District, JoinRequest, Membership, Organisation, PublicBenefitArea
from wspolpraca.organisations.services import unique_slug

SEED = 2026
PENDING = {5, 17, 29, 41, 53, 60}  # indexes into ORGANISATIONS
CORRECTIONS = {23, 47}
FLAGSHIP = 0  # ngo@ is its representative, redaktor@ its editor


class Command(BaseCommand):
    help = "Create demo accounts and organisations (only with DEBUG on). Running it again changes nothing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: the demo accounts use a published password and TOTP secret."
            )
        with transaction.atomic():
            seed_identity()
            users = self.seed_people()
            self.seed_organisations(users)
            seed_competitions(users, self.stdout)
            seed_bodies(users)
            with _no_notifications():
                seed_conversations(users)
                seed_consultations(users)
        self.print_accounts()

    def krs_snapshot(self, organisation):
        """What the court register said, as registering by the KRS number keeps it; the register
        has the seat a few numbers further up the street, for the officer to notice."""
        street, number = organisation.street_address.rsplit(" ", 1)
        return krs.KrsRecord(
            krs_number=organisation.krs_number,
            register="S",
            state_on=(timezone.localdate() - datetime.timedelta(days=3)).strftime("%d.%m.%Y"),
            name=organisation.name.upper(),
            legal_form_text=organisation.get_legal_form_display().upper(),
            legal_form=organisation.legal_form,
            nip=organisation.nip,
            regon=organisation.regon,
            is_public_benefit=organisation.is_public_benefit,
            street_address=f"{street} {int(number) + 2}",
            postal_code=organisation.postal_code,
            town=organisation.town,
            seat="Płock (mazowieckie)",
            representation_body="ZARZĄD",
            representatives=[
                {"name": "Anna Kowalska", "function": "Prezes zarządu"},
                {"name": "Jan Nowak", "function": "Skarbnik"},
            ],
        ).as_snapshot()

    def seed_people(self):
        users = {}
        for email, first_name, last_name, _label, flags in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = create_user(
                    email=email, password=settings.DEMO_PASSWORD, first_name=first_name, last_name=last_name, **flags
                )
            if email in WITH_TOTP and not has_mfa(user):
                enrol_totp(user=user, secret=settings.DEMO_TOTP_SECRET)
            users[email] = user
        return users

    def seed_organisations(self, users):
        rng = random.Random(SEED)
        districts = list(District.objects.order_by("name"))
        areas = {a.code: a for a in PublicBenefitArea.objects.current()}
        officer = users["urzednik@example.org"]
        verified_at = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))
        organisations = []
        for index, (name, short_name, legal_form, area_codes, activity) in enumerate(ORGANISATIONS):
            # Draws happen for every row, created or not, so the sequence never shifts.
            district = rng.choice(districts)
            street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
            postal_code = f"09-4{rng.randint(0, 11):02d}"
            has_logo = rng.random() < 0.25
            uses_krs = legal_form not in ("ordinary_association", "rural_housewives_circle", "church_entity")
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is None:
                status = (
                    VerificationStatus.PENDING
                    if index in PENDING
                    else VerificationStatus.CORRECTIONS_REQUESTED
                    if index in CORRECTIONS
                    else VerificationStatus.VERIFIED
                )
                organisation = Organisation(
                    name=name,
                    short_name=short_name,
                    slug=unique_slug(name),
                    legal_form=legal_form,
                    krs_number=generated_krs(index + 1) if uses_krs else None,
                    register_name="" if uses_krs else self.register_for(legal_form),
                    register_number="" if uses_krs else f"{index + 1}/{2015 + index % 10}",
                    nip=generated_nip(index + 1),
                    regon=generated_regon(index + 1),
                    is_public_benefit=index % 4 == 0,
                    street_address=street,
                    postal_code=postal_code,
                    town="Płock",
                    district=district,
                    email=f"kontakt{index + 1}@organizacje.example.org",
                    phone=f"+48 24 366 {index + 10:02d} {index + 20:02d}",
                    website=f"https://organizacja{index + 1}.example.org" if index % 3 else "",
                    description=f"{name} {activity}. Działamy w Płocku, współpracujemy z Centrum Organizacji Pozarządowych.",
                    bank_account=self.bank_account(index + 1),
                    verification_status=status,
                    verified_at=verified_at if status == VerificationStatus.VERIFIED else None,
                    verified_by=officer if status == VerificationStatus.VERIFIED else None,
                    corrections_reason=(
                        "Numer KRS nie zgadza się z odpisem z rejestru; prosimy o sprawdzenie i poprawienie adresu siedziby."
                        if status == VerificationStatus.CORRECTIONS_REQUESTED
                        else ""
                    ),
                )
                if status == VerificationStatus.PENDING and uses_krs:  # registered by the KRS number
                    organisation.krs_snapshot = self.krs_snapshot(organisation)
                    organisation.krs_fetched_at = timezone.now() - datetime.timedelta(days=2)
                organisation.full_clean()
                if has_logo:
                    organisation.logo.save(f"logo-{organisation.slug}.png", self.logo(index), save=False)
                organisation.save()
                organisation.areas.set([areas[code] for code in area_codes if code in areas])
                log_action(actor=None, action="organisation.registered", obj=organisation, data={"demo": True})
                if status == VerificationStatus.VERIFIED:
                    log_action(actor=officer, action="organisation.verified", obj=organisation, data={"demo": True})
            organisations.append(organisation)

        flagship = organisations[FLAGSHIP]
        self.member(users["ngo@example.org"], flagship, MembershipRole.REPRESENTATIVE)
        self.member(users["redaktor@example.org"], flagship, MembershipRole.EDITOR)
        self.member(users["ngo@example.org"], organisations[sorted(PENDING)[-1]], MembershipRole.REPRESENTATIVE)
        self.member(users["ngo@example.org"], organisations[sorted(CORRECTIONS)[0]], MembershipRole.REPRESENTATIVE)
        self.join_request(users["mieszkaniec@example.org"], flagship, "Chcę pomagać przy projektach sąsiedzkich.")
        self.join_request(users["mieszkaniec@example.org"], organisations[4], "Jestem wolontariuszką, proszę o dostęp.")
        self.join_request(users["rada@example.org"], organisations[6], "Prowadzę sekcję historyczną.")
        index, new_name = PENDING_RENAME
        if not organisations[index].identity_changes.exists():  # once: a withdrawn one is not made again
            request_identity_change(
                actor=users["ngo@example.org"], organisation=organisations[index], after={"name": new_name}
            )

    @staticmethod
    def register_for(legal_form):
        if legal_form == "church_entity":
            return "Rejestr kościelnych osób prawnych (MSWiA)"
        if legal_form == "rural_housewives_circle":
            return "Krajowy Rejestr Kół Gospodyń Wiejskich (ARiMR)"
        return "Ewidencja stowarzyszeń zwykłych Prezydenta Miasta Płocka"

    @staticmethod
    def bank_account(n):
        bban = f"10901014{n:016d}"
        return "PL" + iban.calc_check_digits("PL00" + bban) + bban

    @staticmethod
    def logo(index):
        from PIL import Image, ImageDraw

        colours = ["#1d4f91", "#2e7d32", "#b71c1c", "#6a1b9a", "#ef6c00"]
        image = Image.new("RGB", (160, 160), colours[index % len(colours)])
        ImageDraw.Draw(image).ellipse((30, 30, 130, 130), outline="white", width=8)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return ContentFile(buffer.getvalue())

    @staticmethod
    def member(user, organisation, role):
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})

    @staticmethod
    def join_request(user, organisation, message):
        if not JoinRequest.objects.filter(user=user, organisation=organisation).exists():
            JoinRequest.objects.create(
                user=user, organisation=organisation, message=message, status=JoinRequestStatus.PENDING
            )

    def print_accounts(self):
        rows = [(email, label) for email, _first, _last, label, _flags in PEOPLE]
        width = max(len(email) for email, _label in rows)
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {settings.DEMO_PASSWORD})")
        self.stdout.write(f"{'e-mail'.ljust(width)}  {'role'.ljust(20)}  two-step verification")
        self.stdout.write("-" * (width + 46))
        for email, label in rows:
            totp = "TOTP" if email in WITH_TOTP else "—"
            self.stdout.write(f"{email.ljust(width)}  {label.ljust(20)}  {totp}")
        self.stdout.write("")
        self.stdout.write(
            f"TOTP accounts use the secret {settings.DEMO_TOTP_SECRET}: add it to an authenticator app "
            "(or run `oathtool --totp -b <secret>`) to get the codes."
        )
        self.stdout.write(
            f"Organisations: {Organisation.objects.count()}, verified: "
            f"{Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).count()}"
        )
