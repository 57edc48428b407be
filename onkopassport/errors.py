"""The one error hierarchy of Onkopassport.

Every error the project raises on purpose derives from `OnkopassportError`; its message is
written for the person who has to act on it (an operator, an integrator, a clinician).
"""

from __future__ import annotations


class OnkopassportError(Exception):
    """Base of every error Onkopassport raises on purpose."""


class ConfigurationError(OnkopassportError):
    """A setting is missing, contradictory or unsafe for the chosen environment."""


class Neo4jRuntimeError(OnkopassportError):
    """The local Neo4j could not be provisioned, started, stopped or reached."""


class MissingToolError(Neo4jRuntimeError):
    """A program the local Neo4j needs (java, mvn) is not installed."""


class DatabaseUnavailableError(OnkopassportError):
    """Neo4j does not answer; the operation can be retried when it is back."""


class QueryNotFoundError(OnkopassportError):
    """A named Cypher query has no file under cypher/."""


class InputError(OnkopassportError):
    """Input data is unusable; the message says what is wrong and where."""


class FhirInputError(InputError):
    """A FHIR record cannot be used (broken JSON, not R4, bad reference, bad identifier)."""


class NotFoundError(OnkopassportError):
    """The requested patient, record or object does not exist (or is not visible to you)."""


class AccessDeniedError(OnkopassportError):
    """The caller's role does not allow this operation or this patient."""
