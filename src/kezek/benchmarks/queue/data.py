"""The synthetic queue: IINs, names and a CSV the real import service reads."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from kezek.core.iin import check_digit

LIST_SHARES = (
    ("socially_vulnerable", 0.60),
    ("public_servants", 0.25),
    ("emergency_dwelling", 0.15),
)
SECOND_LIST_SHARE = 0.05  # families on two lists: one request, two entries
SURNAMES = (
    "Сапаров",
    "Әлиев",
    "Қасымов",
    "Нұрланов",
    "Өмірбеков",
    "Жұмабаев",
    "Ғабитов",
    "Үсенов",
    "Іргебаев",
    "Смағұлов",
)
NAMES = ("Ғабит", "Әйгерім", "Қанат", "Нұргүл", "Өркен", "Ұлан", "Үміт", "Іңкәр", "Айжан", "Ерлан")
PATRONYMICS = ("Әлиұлы", "Қанатқызы", "Серікұлы", "Ботақызы", "")


def _iins(count: int, rng: random.Random) -> list[str]:
    """`count` distinct valid IINs (birth dates 1940-2005, serials upward)."""
    out: list[str] = []
    base = dt.date(1940, 1, 1)
    days = (dt.date(2005, 12, 31) - base).days
    serial = 0
    while len(out) < count:
        serial += 1
        for offset in range(0, days, 1):
            day = base + dt.timedelta(days=offset)
            century = 3 if day.year < 2000 else 5
            first = f"{day:%y%m%d}{century + (serial % 2)}{serial:04d}"
            digit = check_digit(first)
            if digit is not None:
                out.append(first + str(digit))
                if len(out) == count:
                    break
    rng.shuffle(out)
    return out


def generate(entries: int, path: Path, rng: random.Random) -> list[tuple[str, str]]:
    """Write the import CSV; return the (IIN, request number) pairs that exist."""
    iins = _iins(entries, rng)  # at most one family per entry
    codes = [c for c, _s in LIST_SHARES]
    weights = [s for _c, s in LIST_SHARES]
    start = dt.datetime(2005, 1, 10, 9, 0, 0)
    span = int((dt.datetime(2026, 10, 30, 18, 0, 0) - start).total_seconds())
    pairs: list[tuple[str, str]] = []
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("list,request_number,iin,last_name,first_name,patronymic,accepted_at\n")
        for i, iin in enumerate(iins):
            if written >= entries:
                break
            # Several acceptances in the same second now and then: the request number decides.
            moment = start + dt.timedelta(seconds=rng.randrange(0, span) // 7 * 7)
            number = f"AKT-{moment.year}-{i + 1:07d}"
            first_list = rng.choices(codes, weights)[0]
            lists = [first_list]
            if written + 2 <= entries and rng.random() < SECOND_LIST_SHARE:
                lists.append(rng.choice([c for c in codes if c != first_list]))
            name = (rng.choice(SURNAMES), rng.choice(NAMES), rng.choice(PATRONYMICS))
            stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
            for code in lists:
                out.write(f"{code},{number},{iin},{name[0]},{name[1]},{name[2]},{stamp}\n")
                written += 1
            pairs.append((iin, number))
    return pairs
