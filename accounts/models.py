from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Custom user from the first migration, so that editors' profiles can grow later."""
