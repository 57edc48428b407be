"""A local stand-in for the federal VIMIS «Онкология» service, for tests and the demo.

It checks envelopes and documents (required fields, the CDA subset XSD), answers
`sendDocument` at once and reports `sendResult` later by calling back, and can be told to
misbehave: timeouts, 5xx answers, rejections, duplicate and out-of-order callbacks.
Run it with `python -m vimis.standin --port 8790 --callback-url http://127.0.0.1:8000/vimis/callback`.
"""
