"""One settings object for the whole project (pydantic-settings).

Values come from the environment (prefix ``ONKO_``) or a ``.env`` file. The standard
``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE`` variables are honoured
as well, so the project can be pointed at any existing server; with ``NEO4J_URI`` unset it
starts its own local Neo4j.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from onkopassport.errors import ConfigurationError

# Passwords nobody should run a real region with.
_PLACEHOLDER_SECRETS = {"neo4j", "password", "changeme", "changethis", "secret", "admin"}


class Settings(BaseSettings):
    """Everything configurable, in one place."""

    model_config = SettingsConfigDict(
        env_prefix="ONKO_", env_file=".env", extra="ignore", populate_by_name=True
    )

    environment: Literal["development", "test", "production"] = "development"

    # --- Neo4j connection: an external server when neo4j_uri is set ---
    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "ONKO_NEO4J_URI")
    )
    neo4j_user: str = Field(
        default="neo4j",
        validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME", "ONKO_NEO4J_USER"),
    )
    neo4j_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD", "ONKO_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "ONKO_NEO4J_DATABASE")
    )

    # --- the local Neo4j the project runs itself ---
    data_dir: Path = Path(".onkopassport")
    neo4j_version: str = "5.26.30"
    neo4j_bolt_host: str = "127.0.0.1"
    neo4j_bolt_port: int = 7687
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_start_timeout_s: float = 120.0
    runtime_cache_dir: Path = Path.home() / ".cache" / "onkopassport"

    # --- ingest: identity linking (domain.md §9) ---
    identity_link_threshold: float = 0.90
    identity_review_threshold: float = 0.78
    enp_system: str = "urn:onkopassport:enp"
    ingest_batch_size: int = 5000
    # A file ingest refreshes the people its records concern once per this many stored
    # records instead of after every batch: a person's records arrive from several
    # organisations' files, and refreshing them once is most of the saving. Records wait
    # `settling` until then (crash safety, ingest/load.py); the bound keeps memory flat.
    ingest_settle_every: int = Field(default=100_000, ge=1)
    # Threads refreshing those people (ingest/refresh.py): one transaction uses one of the
    # server's cores, so 2 on this project's 2-core machine; 1 refreshes one chunk at a time.
    ingest_refresh_threads: int = Field(default=2, ge=1, le=16)

    # --- API ---
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    # API worker processes for `onkopassport serve`. On 2 cores shared with Neo4j, 3 serve
    # the most passports (bench/passport_load.py): a worker waiting for Neo4j leaves its
    # core to another. Each process keeps its own driver and analytics frames.
    api_workers: int = Field(default=1, ge=1, le=32)

    # --- VIMIS «Онкология» exchange (vimis/): rollout stages switched on, SOAP transport ---
    # --- notifications: where the outbox delivers them (None: kept in the graph only) ---
    notification_webhook_url: str | None = None
    notification_delivery_interval_s: float = 5.0

    vimis_rollout_stages: list[int] = [1, 2, 3, 4]
    vimis_endpoint_url: str = "http://127.0.0.1:8790/vimis/soap"
    vimis_tls_client_cert: Path | None = None  # PEM client certificate for mutual TLS
    vimis_tls_client_key: Path | None = None
    vimis_tls_ca_bundle: Path | None = None  # None: the system's trust store
    vimis_connect_timeout_s: float = 5.0
    vimis_read_timeout_s: float = 30.0
    vimis_retry_base_s: float = 30.0  # first retry after a transport failure, then doubling
    vimis_retry_cap_s: float = 3600.0
    vimis_result_timeout_s: float = 86400.0  # no sendResult by then: send again
    vimis_region_oid: str = "1.2.643.5.1.13.13.12.2.99"  # root of regional document ids (verify)
    vimis_doc_type_version: str = "1"  # (verify) per the VIMIS integration guide
    # A shared secret VIMIS sends with each sendResult callback (header X-Vimis-Token).
    # None: the callback trusts its network (mutual TLS terminated at the reverse proxy);
    # otherwise a callback without the token is refused, so nobody else can mark a
    # document accepted and hide a real rejection.
    vimis_callback_token: str | None = None

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment != "production":
            return self
        if self.neo4j_password is None:
            raise ConfigurationError(
                "ONKO_ENVIRONMENT=production needs NEO4J_PASSWORD to be set explicitly."
            )
        if self.neo4j_password.get_secret_value().lower() in _PLACEHOLDER_SECRETS:
            raise ConfigurationError(
                "NEO4J_PASSWORD is a well-known placeholder; choose a real secret for production."
            )
        return self

    # --- authentication (api/auth): HS256 secret of the bearer tokens ---
    jwt_secret: SecretStr = SecretStr("development-only-jwt-secret-change-me-0123456789")
    jwt_ttl_minutes: int = 60
    # --- analysts' read-only Cypher (api/routes/analyst.py) ---
    analyst_query_timeout_s: float = 10.0
    analyst_row_limit: int = 1000
    # --- FHIR search (api/fhir/patient.py): a page's size when _count is absent, its cap ---
    fhir_search_default_count: int = 50
    fhir_search_max_count: int = 500
    # --- API start (api/warmup.py): plan the first pages' queries before a user asks ---
    query_warmup: bool = True
    # --- analytics frame store (analytics/store.py): warm years, change checks, TTL ---
    analytics_prewarm: bool = True  # build the current and previous year at API start
    analytics_check_interval_s: float = 10.0
    analytics_frames_ttl_s: float = 300.0

    @model_validator(mode="after")
    def _refuse_placeholder_jwt_secret(self) -> Settings:
        # Tokens signed with a known secret can be forged by anyone: production needs its own.
        if self.environment == "production" and (
            "jwt_secret" not in self.model_fields_set
            or self.jwt_secret.get_secret_value().lower() in _PLACEHOLDER_SECRETS
            or len(self.jwt_secret.get_secret_value()) < 32
        ):
            raise ConfigurationError(
                "ONKO_ENVIRONMENT=production needs ONKO_JWT_SECRET: a real secret of at least "
                "32 characters."
            )
        return self

    @property
    def uses_local_neo4j(self) -> bool:
        """True when the project runs its own Neo4j instead of using NEO4J_URI."""
        return not self.neo4j_uri

    @property
    def neo4j_home(self) -> Path:
        """Folder of the local Neo4j's store, logs and password."""
        return self.data_dir.resolve() / "neo4j"

    @property
    def local_bolt_uri(self) -> str:
        return f"bolt://{self.neo4j_bolt_host}:{self.neo4j_bolt_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
