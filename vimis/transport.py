"""SOAP client for VIMIS `sendDocument`, over httpx with an optional TLS client certificate."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import httpx

from onkopassport.settings import Settings
from vimis.errors import VimisRefusedError, VimisTransportError
from vimis.soap import (
    SOAP_CONTENT_TYPE,
    SendDocument,
    SoapFault,
    SoapFormatError,
    build_send_document,
    parse_send_document_response,
)


@dataclass(frozen=True)
class TransportConfig:
    endpoint_url: str
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> TransportConfig:
        return cls(
            endpoint_url=settings.vimis_endpoint_url,
            connect_timeout_s=settings.vimis_connect_timeout_s,
            read_timeout_s=settings.vimis_read_timeout_s,
            client_cert=settings.vimis_tls_client_cert,
            client_key=settings.vimis_tls_client_key,
            ca_bundle=settings.vimis_tls_ca_bundle,
        )

    def ssl_context(self) -> ssl.SSLContext | bool:
        """Mutual TLS when a client certificate is configured; default trust otherwise."""
        if self.client_cert is None and self.ca_bundle is None:
            return True
        context = ssl.create_default_context(
            cafile=str(self.ca_bundle) if self.ca_bundle else None)
        if self.client_cert is not None:
            context.load_cert_chain(str(self.client_cert),
                                    str(self.client_key) if self.client_key else None)
        return context


class VimisClient:
    """Sends one envelope per call; one HTTP connection pool per client."""

    def __init__(self, config: TransportConfig) -> None:
        self.config = config
        timeout = httpx.Timeout(config.read_timeout_s, connect=config.connect_timeout_s)
        self._http = httpx.Client(timeout=timeout, verify=config.ssl_context())

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> VimisClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_document(self, message: SendDocument) -> str:
        """VIMIS's msg_id for the message. Raises `VimisTransportError` when worth retrying,
        `VimisRefusedError` when VIMIS refused the envelope itself."""
        try:
            response = self._http.post(self.config.endpoint_url,
                                       content=build_send_document(message),
                                       headers={"Content-Type": SOAP_CONTENT_TYPE})
        except httpx.TimeoutException as error:
            raise VimisTransportError(f"VIMIS did not answer in time: {error!r}") from error
        except httpx.TransportError as error:
            raise VimisTransportError(f"VIMIS is unreachable: {error!r}") from error
        try:
            return parse_send_document_response(response.content)
        except SoapFault as fault:
            if fault.is_sender_fault:
                raise VimisRefusedError(fault.reason) from fault
            raise VimisTransportError(f"VIMIS fault {fault}") from fault
        except SoapFormatError as error:
            # A proxy error page or a half answer: the message may not have arrived.
            raise VimisTransportError(
                f"VIMIS answered HTTP {response.status_code} without a usable SOAP body: "
                f"{error}") from error
