"""Award certificates: which results are certified (grants), numbers, wording, HTML → PDF
rendering with WeasyPrint (single, and in bulk across worker processes), QR codes, and the
start-up font check. Writes (issue, revoke, jobs) live in services/certificates."""
