"""Create a local .env with a random SECRET_KEY the first time the site is run."""

import secrets
from pathlib import Path

env_file = Path(__file__).resolve().parent.parent / ".env"
if not env_file.exists():
    env_file.write_text(f"SECRET_KEY={secrets.token_urlsafe(50)}\n", encoding="utf-8")
    print(f"Created {env_file.name} with a new SECRET_KEY")
