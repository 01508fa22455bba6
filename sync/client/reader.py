"""Opens a document on the device: unwrap this device's key, decrypt the cached blob in memory."""

from __future__ import annotations

from app.doccrypto import decrypt_document, unwrap_key
from app.errors import DomainError
from app.keys import DeviceKeys
from app.model import Document
from sync.client.blobs import BlobCache


class DocumentReader:
    """Plaintext only ever exists in this process's memory; the disk holds the blob as served."""

    def __init__(self, device_id: str, keys: DeviceKeys, cache: BlobCache):
        self.device_id = device_id
        self.keys = keys
        self.cache = cache

    def plaintext(self, document: Document) -> memoryview:
        wrapped = document.keys.get(self.device_id)
        if wrapped is None:
            raise DomainError(
                "forbidden",
                "Tài liệu này chưa được chia sẻ cho thiết bị của đại biểu. Hãy báo kỹ thuật viên.",
            )
        if not self.cache.has(document.blob):
            raise DomainError("not_found", "Tài liệu đang được tải về, xin chờ giây lát.")
        key = unwrap_key(wrapped, self.keys, document.document_id, document.version)
        return decrypt_document(
            key, document.document_id, document.version, self.cache.read_all(document.blob)
        )
