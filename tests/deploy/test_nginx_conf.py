"""deploy/nginx.conf: valid for nginx, and consistent with the application's limits and headers."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def megabytes(text):
    return int(re.search(r"client_max_body_size (\d+)m;", text).group(1)) * 1024 * 1024


def test_uploads_allowed_by_the_application_pass_the_proxy():
    text = CONF.read_text()
    assert megabytes(text) >= max(settings.PHOTO_MAX_BYTES, settings.IMPORT_MAX_BYTES)


def test_the_proxy_tells_django_the_original_scheme_and_client():
    text = CONF.read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+", text, re.M)) >= 2  # several instances
    assert re.search(r"location = /admin/login/ \{\s*limit_req zone=catalogue_login", text)


def test_nginx_accepts_the_configuration(tmp_path):
    if not shutil.which("nginx") or not shutil.which("openssl"):
        # scripts/install_nginx.sh (run by `make test`) installs them; in CI a skip would hide a broken config.
        if os.environ.get("CI") == "true":
            pytest.fail("nginx or openssl is missing in CI: scripts/install_nginx.sh should have installed them")
        pytest.skip("nginx or openssl not installed (scripts/install_nginx.sh installs them)")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=test",
            "-keyout",
            tmp_path / "key.pem",
            "-out",
            tmp_path / "cert.pem",
        ],
        check=True,
        capture_output=True,
    )
    text = CONF.read_text()
    text = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp_path / 'cert.pem'};", text)
    text = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp_path / 'key.pem'};", text)
    text = text.replace("/var/cache/nginx/catalogue_static", str(tmp_path / "cache"))
    (tmp_path / "site.conf").write_text(text)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
