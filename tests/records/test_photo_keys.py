"""The photo cipher: authenticated, bound to the file name, keys outside the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bellpath.errors import InputError, PhotoKeyError
from bellpath.records.photo_keys import PhotoCipher, is_sealed, key_id_of, new_key


@given(st.binary(max_size=2000))
def test_seal_then_open_round_trips(data: bytes) -> None:
    cipher = PhotoCipher([new_key()])
    sealed = cipher.seal("a.jpg", data)
    assert is_sealed(sealed)
    assert key_id_of(sealed) == cipher.current_id
    assert cipher.open("a.jpg", sealed) == data


def test_a_changed_byte_another_name_or_another_key_fails() -> None:
    cipher = PhotoCipher([new_key()])
    sealed = bytearray(cipher.seal("a.jpg", b"photo bytes"))
    with pytest.raises(PhotoKeyError, match="damaged or was moved"):
        cipher.open("b.jpg", bytes(sealed))
    sealed[-1] ^= 1
    with pytest.raises(PhotoKeyError, match="damaged"):
        cipher.open("a.jpg", bytes(sealed))
    with pytest.raises(PhotoKeyError, match="does not hold"):
        PhotoCipher([new_key()]).open("a.jpg", cipher.seal("a.jpg", b"x"))


def test_older_keys_still_open_and_the_first_seals() -> None:
    old, fresh = new_key(), new_key()
    sealed_old = PhotoCipher([old]).seal("a", b"x")
    ring = PhotoCipher([fresh, old])
    assert ring.open("a", sealed_old) == b"x"
    assert key_id_of(ring.seal("a", b"y")) == PhotoCipher([fresh]).current_id


def test_plain_files_from_before_are_read_as_they_are() -> None:
    assert PhotoCipher([new_key()]).open("a.png", b"\x89PNG plain") == b"\x89PNG plain"


def test_key_file_is_created_private_and_refused_inside_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    key_file = tmp_path / "bellpath.photo-key"
    cipher = PhotoCipher.from_file(key_file, data_dir=data)
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert PhotoCipher.from_file(key_file, data_dir=data).current_id == cipher.current_id
    with pytest.raises(InputError, match="inside the data folder"):
        PhotoCipher.from_file(data / "photo.key", data_dir=data)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("short", id="not-base64-32-bytes"),
        pytest.param("", id="empty"),
    ],
)
def test_a_malformed_key_names_the_setting(bad: str) -> None:
    with pytest.raises(InputError) as info:
        PhotoCipher([bad] if bad else [])
    assert info.value.field == "photo_key"
    assert "short" not in info.value.message  # never echoes the key
