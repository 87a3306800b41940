from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Signed (HMAC of SECRET_KEY), expiring (PASSWORD_RESET_TIMEOUT, set from
    EDITOR_INVITATION_DAYS) and single-use: the signature covers the password hash and the
    last login, so the link dies as soon as the editor chooses a password or logs in.
    Its own salt keeps these links apart from any password-reset link."""

    key_salt = "accounts.tokens.InvitationTokenGenerator"


invitation_token = InvitationTokenGenerator()
