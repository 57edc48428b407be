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

    # --- API ---
    api_host: str = "127.0.0.1"
    api_port: int = 8000

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
