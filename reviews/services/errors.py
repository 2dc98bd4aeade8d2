from peerreview.errors import ActionRefused

__all__ = ["ActionRefused"]
