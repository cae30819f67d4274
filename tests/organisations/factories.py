import factory

from tests.factories import UserFactory
from wspolpraca.organisations.enums import LegalForm, MembershipRole, VerificationStatus
from wspolpraca.organisations.identifiers import generated_krs, generated_nip, generated_regon
from wspolpraca.organisations.models import District, JoinRequest, Membership, Organisation, PublicBenefitArea


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A verified organisation with valid generated NIP, REGON and KRS numbers."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Stowarzyszenie Przyjaciół Płocka nr {n}")
    slug = factory.Sequence(lambda n: f"organizacja-{n}")
    legal_form = LegalForm.ASSOCIATION
    krs_number = factory.Sequence(lambda n: generated_krs(n + 10_000))
    nip = factory.Sequence(lambda n: generated_nip(n + 10_000))
    regon = factory.Sequence(lambda n: generated_regon(n + 10_000))
    street_address = "ul. Tumska 1"
    postal_code = "09-400"
    town = "Płock"
    email = factory.Sequence(lambda n: f"biuro{n}@organizacja.example.org")
    description = "Działamy na rzecz mieszkańców Płocka."
    bank_account = "PL61109010140000071219812874"
    verification_status = VerificationStatus.VERIFIED

    @factory.lazy_attribute
    def district(self):
        return District.objects.order_by("name").first()

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(
                extracted if extracted is not None else PublicBenefitArea.objects.filter(code__in=["16", "17"])
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.REPRESENTATIVE


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    message = "Jestem członkiem zarządu."
    role = MembershipRole.EDITOR
