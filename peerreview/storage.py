"""Stored files: the private S3-compatible store, and streaming a stored file to a permitted reader.

Every file goes through Django's storage API, so the same code runs on the local folder (the
default) and on object storage shared by processes on several machines. Downloads are streamed
through our own views, after the permission check and the audit record: a presigned URL would be a
bearer link that keeps working after it leaves the page (forwarded, logged by a proxy), could not
carry our nosniff / no-store headers for certain, and needs the store reachable from every
browser, which a closed network does not allow.
"""

from functools import partial

from botocore.exceptions import ClientError
from django.db import transaction
from django.db.models import FileField
from django.http import FileResponse
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """Objects with no ACL of their own (the bucket's private default), never overwritten, no URLs."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            # No ACL sent: objects stay as private as the bucket (which must block public access).
            "default_acl": None,
            # Two letters with the same file name must not replace each other: a suffix is added.
            "file_overwrite": False,
            "querystring_auth": True,
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError(
            "Stored files have no URL: they are streamed by a view that checks permission."
        )

    def stream(self, name):
        """The object's body as a stream read in chunks, and its size; FileNotFoundError if it is gone."""
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        return answer["Body"], answer["ContentLength"]


def file_response(field_file, **kwargs):
    """A FileResponse streaming `field_file` from its storage (FileNotFoundError if it is missing)."""
    storage = field_file.storage
    if isinstance(storage, PrivateS3Storage):
        body, size = storage.stream(field_file.name)
        response = FileResponse(body, **kwargs)
        response["Content-Length"] = size
        return response
    return FileResponse(field_file.open("rb"), **kwargs)


def has_files(model):
    return any(isinstance(field, FileField) for field in model._meta.concrete_fields)


def delete_files_on_commit(sender, instance, **kwargs):
    """A deleted row takes its stored files with it, once the deletion commits (a rollback keeps both)."""
    for field in instance._meta.concrete_fields:
        stored = getattr(instance, field.attname) if isinstance(field, FileField) else None
        if stored:
            transaction.on_commit(partial(stored.storage.delete, stored.name))
