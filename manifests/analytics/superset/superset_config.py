"""Superset's configuration on both targets (kind: ConfigMap superset-config; local: the file).

Everything that differs between them comes from the environment: the secret key, where the
metadata database lives (SQLite on kind's superset volume, SQLite under DATA_DIR/local/superset on
the local target), and nothing else.
"""
import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ.get(
    "SUPERSET_METADATA_URI", "sqlite:////app/superset_home/superset.db"
)
WTF_CSRF_ENABLED = True
FEATURE_FLAGS = {"DASHBOARD_RBAC": False}
# No telemetry or example data: the stack runs without internet access.
SCARF_ANALYTICS = False
