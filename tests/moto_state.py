"""A copy of everything moto holds, taken once and given back to each test as a fresh copy of its own.

Several emulated tests start from the same state (the real stacks deployed); deploying them costs about 1.5 s of
CPU each time, restoring a copy about 0.05 s. `take` pickles every backend moto has created (every service,
account and region, in one pickle, so objects that two backends share stay shared) and the custom-resource
invocations the emulator's runner recorded; `restore` replaces what moto holds now with a new copy of that, and
moto's own reset at the end of the test clears it as usual. Nothing outlives the test run: a snapshot is a value
in a fixture, never a file.

moto's models pickle as they are, except for a few objects pickle cannot handle, rebuilt here from what they
hold: SSM's ParameterDict (its constructor takes arguments), cryptography's private keys (KMS keys; through
PEM), weak-value dictionaries (Lambda's ARN index) and defaultdicts whose factory is a lambda.
"""
from __future__ import annotations

import copy
import functools
import io
import pickle
import weakref
from collections import defaultdict
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from moto.core.base_backend import BackendDict
from moto.ssm.models import ParameterDict


@dataclass(frozen=True)
class Snapshot:
    blob: bytes                   # pickled [accounts of backend 0, accounts of backend 1, ...]
    backends: tuple               # the live BackendDict objects (module-level in moto), in the blob's order
    invocations: tuple            # what the emulator's runner had recorded


def _parameter_dict(attributes: dict, items: dict) -> ParameterDict:
    rebuilt = ParameterDict(attributes["account_id"], attributes["region_name"])
    rebuilt.__dict__.update(attributes)
    rebuilt.update(items)
    return rebuilt


def _private_key(pem: bytes):
    return serialization.load_pem_private_key(pem, password=None)


def _defaultdict(empty, items: dict) -> defaultdict:
    """A defaultdict whose factory makes a copy of `empty` (what the original lambda made)."""
    return defaultdict(functools.partial(copy.deepcopy, empty), items)


class _Pickler(pickle.Pickler):
    def __init__(self, file, backends: tuple):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._backend_index = {id(backend): index for index, backend in enumerate(backends)}

    def persistent_id(self, obj):
        # A model that refers to a BackendDict refers to the live one, never to a copy.
        if isinstance(obj, BackendDict):
            return ("backend", self._backend_index[id(obj)])
        return None

    def reducer_override(self, obj):
        if isinstance(obj, ParameterDict):
            return _parameter_dict, (dict(obj.__dict__), dict(obj))
        if type(obj).__module__.startswith("cryptography") and hasattr(obj, "private_bytes"):
            return _private_key, (obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()),)
        if isinstance(obj, weakref.WeakValueDictionary):
            return weakref.WeakValueDictionary, (dict(obj),)
        if type(obj) is defaultdict and getattr(obj.default_factory, "__name__", "") == "<lambda>":
            return _defaultdict, (obj.default_factory(), dict(obj))
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, backends: tuple):
        super().__init__(file)
        self._backends = backends

    def persistent_load(self, pid):
        kind, index = pid
        assert kind == "backend", pid
        return self._backends[index]


def take(runner) -> Snapshot:
    """What moto holds now (inside mock_aws), and the invocations `runner` (emulator.bridged()'s) recorded."""
    backends = tuple(BackendDict._instances)
    buffer = io.BytesIO()
    _Pickler(buffer, backends).dump([dict(backend) for backend in backends])
    return Snapshot(buffer.getvalue(), backends, tuple(copy.deepcopy(runner.invocations)))


def restore(snapshot: Snapshot, runner) -> None:
    """Make moto hold a fresh copy of `snapshot` (inside mock_aws), and `runner` its invocations."""
    accounts = _Unpickler(io.BytesIO(snapshot.blob), snapshot.backends).load()
    for backend in BackendDict._instances:
        backend.clear()
    BackendDict._instances[:] = snapshot.backends
    for backend, held in zip(snapshot.backends, accounts):
        backend.update(held)
    runner.invocations[:] = copy.deepcopy(list(snapshot.invocations))
