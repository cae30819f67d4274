import factory

from wspolpraca.accounts.models import User

# Not the demo password: tests run with DEBUG off, where the demo password is refused.
TEST_PASSWORD = "Test-password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=extracted is not False)
