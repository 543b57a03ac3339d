"""Accounts and logins: staff accounts and their passwords, delegates' access codes, and the
logins (bearer tokens) both get.

Secrets are kept only hashed (`smolny.adapters.credentials`). A login is remembered by the
process that checked it, for at most `LOGIN_RECHECK_SECONDS`, so that most requests are
answered from memory; one ended in another process ends here within that time.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Sequence
from dataclasses import replace

from smolny.adapters import credentials as creds
from smolny.adapters.database import STORE_ERRORS
from smolny.adapters.store import Account, Login, Transaction
from smolny.domain import commands as c
from smolny.domain.decide import body_of
from smolny.domain.errors import Invalid, NotFound, OutOfOrder, Unauthenticated
from smolny.record.entry import Entry
from smolny.service import passwords
from smolny.service.ballot_writer import BallotWriter
from smolny.service.lockout import LoginGuard, LoginPolicy
from smolny.service.principals import SYSTEM, Principal
from smolny.service.unit_of_work import UnitOfWork

LOGIN_SECONDS = LoginPolicy.absolute_seconds  # the default; see `Accounts.login_policy`
LOGIN_RECHECK_SECONDS = 60  # a login ended in another process ends here within this
log = logging.getLogger(__name__)


class Accounts:
    """The accounts, access codes and logins of one service (see the module)."""

    def __init__(self, uow: UnitOfWork, login_policy: LoginPolicy | None = None) -> None:
        self.uow = uow
        # token hash -> (principal, expires, when last checked in the store)
        self._logins: dict[str, tuple[Principal, int, float]] = {}
        # how long logins last (SMOLNY_LOGIN_* variables), and the failed ones counted
        self.login_policy = login_policy or LoginPolicy.from_environ()
        self.login_guard = LoginGuard(  # counted in the store; lockouts in the record
            uow.store.login_failures, self.login_policy, uow.execute
        )
        # new logins written a batch per transaction: a hall logs in at once
        self.login_writer = BallotWriter(uow.store.add_logins, name="login-writer")

    # -- staff accounts and passwords ----------------------------------------------------

    def create_account(
        self,
        username: str,
        role: str,
        password: str | None = None,
        by: Principal = SYSTEM,
        body: str | None = None,
    ) -> tuple[str, str]:
        """Create a staff account; returns (id, password). A generated password must be changed."""
        one_time = password is None
        secret = creds.new_password() if password is None else password
        if not one_time:
            passwords.check(secret, username)
        digest = creds.hash_password(secret)

        def store(tx: Transaction, entries: list[Entry]) -> None:
            tx.add_account(Account(entries[0].data["account"], username, digest, one_time))

        entries = self.uow.execute(c.CreateAccount(username, role, body), by, also=store)
        return entries[0].data["account"], secret

    def has_accounts(self) -> bool:
        """True once any staff account exists."""
        return bool(self.uow.state.accounts)

    def change_password(self, principal: Principal, old: str | None, new: str) -> str:
        """Replace a staff account's own password; returns a new login for the caller (the
        account's other logins end).

        The old password is checked, except for an account with a one-time password just
        logged in with (`old` None): its login proves it. The new one is checked for
        strength and must differ from the one it replaces.
        """
        if principal.role == "delegate":
            raise OutOfOrder("not-staff", "delegates log in with an access code, not a password")
        passwords.check(new, principal.name, field="new")
        with self.uow.store.writing() as tx:
            found = tx.account(principal.id)
            if found is None:
                raise NotFound("unknown-account", f"there is no account {principal.id!r}")
            if old is None and not found.must_change:
                raise Invalid("required", "give the password in use now", field="old")
            if old is not None and not creds.check_password(found.password_hash, old):
                raise Invalid("password", "the old password is wrong", field="old")
            if creds.check_password(found.password_hash, new):
                raise Invalid(
                    "password-unchanged",
                    "the new password must differ from the one in use now",
                    field="new",
                )
            tx.set_password(principal.id, creds.hash_password(new), False)
            tx.end_logins_of([principal.id])
        self._forget(principal.id)
        return self._new_login(replace(principal, must_change_password=False))

    def reset_password(
        self, username: str, password: str | None = None, by: Principal = SYSTEM
    ) -> str:
        """Give a staff account a new password (a one-time one if none is given); returns it.
        Its logins end; the record says who reset it (never the password)."""
        secret = creds.new_password() if password is None else password
        if password is not None:
            passwords.check(password, username)
        ident = self.account_named(username)

        def store(tx: Transaction, entries: list[Entry]) -> None:
            tx.set_password(ident, creds.hash_password(secret), password is None)
            tx.end_logins_of([ident])

        self.uow.execute(c.ResetPassword(ident, password is None), by, also=store)
        self._forget(ident)
        return secret

    def unlock(self, username: str, by: Principal = SYSTEM) -> int:
        """Lift the account's login lockouts in force, from every address (the lifting is
        recorded); returns how many there were (none: nothing recorded)."""
        key = "account:" + username.strip().casefold()
        held = [k for k in self.login_guard.lockouts() if str(k["key"]).partition("@")[0] == key]
        return self.login_guard.lift(key, by=by) if held else 0

    def set_disabled(self, ident: str, disabled: bool, by: Principal) -> None:
        """Disable an account (its logins end at once) or enable it again; never one's own."""
        if disabled and ident == by.id:
            raise OutOfOrder(
                "own-account", "you cannot disable your own account: ask another administrator"
            )

        def store(tx: Transaction, entries: list[Entry]) -> None:
            tx.end_logins_of([ident])

        if disabled:
            self.uow.execute(c.DisableAccount(ident), by, also=store)
            self._forget(ident)
        else:
            self.uow.execute(c.EnableAccount(ident), by)

    def account_named(self, username: str) -> str:
        """The id of the account with this user name (in any case), or NotFound."""
        wanted = username.strip().casefold()
        for fresh in (False, True):
            if fresh:  # perhaps created by another process a moment ago
                self.uow.refresh()
            with self.uow.lock:
                for ident, account in self.uow.state.accounts.items():
                    if account["username"].casefold() == wanted:
                        return ident
        raise NotFound("unknown-account", f"there is no account {username!r}", field="username")

    def one_time(self) -> set[str]:
        """The accounts whose password is a one-time one, still to be changed."""
        with self.uow.store.reading() as tx:
            found = [tx.account(ident) for ident in list(self.uow.state.accounts)]
        return {a.id for a in found if a is not None and a.must_change}

    # -- access codes --------------------------------------------------------------------

    def issue_access_codes(
        self, body: str, delegates: Sequence[str] | None, by: Principal = SYSTEM
    ) -> dict[str, str]:
        """New access codes for these delegates (None: every delegate of the body), shown
        once and stored hashed.

        Their old codes stop working and their logins end. The record says who issued
        codes to whom (never the codes).
        """
        if delegates is None:
            with self.uow.lock:
                delegates = list(body_of(self.uow.state, body).delegates)
        codes = {ident: creds.new_access_code() for ident in delegates}

        def store(tx: Transaction, entries: list[Entry]) -> None:
            tx.replace_access_codes({d: creds.hash_access_code(code) for d, code in codes.items()})
            tx.end_logins_of(list(codes))

        self.uow.execute(c.IssueAccessCodes(body, tuple(delegates)), by, also=store)
        self._logins = {k: v for k, v in self._logins.items() if v[0].id not in codes}
        return codes

    def coded(self) -> set[str]:
        """The delegates who hold an access code now."""
        with self.uow.store.reading() as tx:
            return tx.coded()

    # -- logins --------------------------------------------------------------------------

    def login_staff(self, username: str, password: str) -> tuple[str, Principal]:
        """A bearer token for a staff account, or a refusal not saying which part was wrong."""
        with self.uow.store.reading() as tx:
            found = tx.account_named(username)
        if found is None:
            creds.check_password(_dummy_hash(), password)  # as slow as a known name
            raise _bad_login()
        if not creds.check_password(found.password_hash, password):
            raise _bad_login()
        if found.id not in self.uow.state.accounts:  # created by another process a moment ago
            self.uow.refresh()
        account_record = self.uow.state.accounts.get(found.id)
        if account_record is None:
            raise _bad_login()
        if account_record.get("disabled"):
            raise Unauthenticated(
                "account-disabled", "this account is disabled: ask an administrator"
            )
        role = account_record["role"]
        principal = Principal(found.id, role, found.username, found.must_change)
        return self._new_login(principal), principal

    def login_delegate(self, code: str) -> tuple[str, Principal]:
        """A bearer token for the delegate whose access code this is."""
        with self.uow.store.reading() as tx:
            ident = tx.delegate_of_code(creds.hash_access_code(code))
        principal = self._coded(ident)
        assert principal is not None  # (not inline: always answered)
        return self._new_login(principal), principal

    def code_checked(
        self, address: str, target: str, code: str, inline: bool = False
    ) -> tuple[bool, Principal] | None:
        """An access-code login checked: the lockouts of `address` and `target` (as
        `LoginGuard.check`: `LockedOut`), then the delegate of the code (as
        `login_delegate`: a refusal not saying why), both read at once (one read).
        Returns whether failures were counted for `target` from `address`, and the
        delegate. `inline` (from the event loop): only what is done at once, without a
        thread: None when the store must be asked on a worker thread (PostgreSQL, a busy
        file, a delegate registered by another process a moment ago)."""
        guard = self.login_guard
        found = self.uow.store.code_login(
            creds.hash_access_code(code), guard.keys(address, target), inline
        )
        if found is None:
            return None
        ident, waits = found
        counted = guard.verdict(waits, address, target)
        principal = self._coded(ident, inline)
        return None if principal is None else (counted, principal)

    def _coded(self, ident: str | None, inline: bool = False) -> Principal | None:
        # The delegate an access code names (`ident`, None for no such code), or a refusal
        # not saying why; None, `inline`, for one registered by another process a moment
        # ago (the state is caught up on a worker thread, not on the event loop).
        if ident is None:
            raise _bad_login()
        if ident not in self.uow.state.delegates:  # registered by another process
            if inline:
                return None
            self.uow.refresh()
        delegate = self.uow.state.delegates.get(ident)
        if delegate is None:
            raise _bad_login()
        return Principal(delegate.id, "delegate", delegate.name)

    async def new_login(self, principal: Principal) -> str:
        """A bearer token for `principal`, from the event loop: its login is written with
        the others of the moment (group commit), durable before the token is returned,
        and no thread waits for the commit meanwhile."""
        token, key, login = self._login_of(principal)
        await asyncio.wrap_future(self.login_writer.submit(login))
        self._logins[key] = (principal, login.expires, _now())
        return token

    def _new_login(self, principal: Principal) -> str:
        token, key, login = self._login_of(principal)
        # (called from a worker thread or the command line: a future of no event loop,
        # waited for here; durable once it resolves)
        self.login_writer.submit(login).result()
        self._logins[key] = (principal, login.expires, _now())
        return token

    def _login_of(self, principal: Principal) -> tuple[str, str, Login]:
        # A new token, its hash and its login row. The token carries when it was issued
        # (its hash must match, so it cannot be changed): the absolute end of the login,
        # while `expires` is the idle end, moved on as the login is used (see `who`).
        now = int(_now())
        token = f"{creds.new_token()}.{now:x}"
        policy = self.login_policy
        expires = now + min(policy.idle_seconds, policy.absolute_seconds)
        key = creds.hash_token(token)
        return token, key, Login(key, principal.id, principal.role, expires)

    def known_login(self, token: str) -> Principal | None:
        """The principal of a token this process checked in the store within a minute."""
        cached = self._logins.get(creds.hash_token(token))
        now = _now()
        if cached is None or cached[1] <= now or now - cached[2] > LOGIN_RECHECK_SECONDS:
            return None  # ended, or perhaps ended by another process: ask the store
        return cached[0]

    def who(self, token: str) -> Principal | None:
        """The principal a bearer token stands for, or None if unknown or expired."""
        key = creds.hash_token(token)
        now = int(_now())
        with self.uow.store.reading() as tx:
            found = tx.login(key)
            if found is None or found.expires <= now:
                self._logins.pop(key, None)
                return None
            principal = self._principal_of(tx, found)
        if principal is None:
            return None
        expires = self._idle_end(token, key, found.expires, now)
        if expires <= now:  # past its absolute end
            self._logins.pop(key, None)
            return None
        self._logins[key] = (principal, expires, _now())
        return principal

    def _principal_of(self, tx: Transaction, found: Login) -> Principal | None:
        if found.role == "delegate":
            state = self.uow.state
            delegate = state.delegates.get(found.principal)
            if delegate is None and self.uow.fanout is not None:
                self.uow.refresh()  # registered by another process a moment ago
                delegate = self.uow.state.delegates.get(found.principal)
            if delegate is None:
                return None
            return Principal(delegate.id, "delegate", delegate.name)
        account = tx.account(found.principal)
        if account is None or self.uow.state.accounts.get(account.id, {}).get("disabled"):
            return None
        return Principal(account.id, found.role, account.username, account.must_change)

    def _idle_end(self, token: str, key: str, expires: int, now: int) -> int:
        """When a login in use now ends: its idle end moved on to a full idle time (but
        never past its absolute end), written only once half the idle time has gone, so
        that an active login costs a write an hour, not one a minute."""
        policy = self.login_policy
        issued = _issued(token)
        if issued is None:  # a token from before logins slid: its end stays where it is
            return expires
        absolute = issued + policy.absolute_seconds
        if now >= absolute:
            return absolute
        wanted = min(now + policy.idle_seconds, absolute)
        if expires - now >= policy.idle_seconds // 2 or wanted <= expires:
            return min(expires, absolute)
        try:
            with self.uow.store.writing() as tx:
                tx.extend_login(key, wanted)
        except STORE_ERRORS:  # busy: the login keeps its end, and is moved at the next check
            log.warning("could not move a login's idle end on", exc_info=True)
            return expires
        return wanted

    def end_login(self, token: str) -> bool:
        """Log out: the token stops working here at once, and in other processes within
        `LOGIN_RECHECK_SECONDS`. False if it was no login."""
        key = creds.hash_token(token)
        self._logins.pop(key, None)
        with self.uow.store.writing() as tx:
            return tx.end_login(key)

    def _forget(self, principal: str) -> None:
        self._logins = {k: v for k, v in self._logins.items() if v[0].id != principal}


def _now() -> float:
    """The time logins are measured by (seconds since the epoch)."""
    return time.time()


def _issued(token: str) -> int | None:
    """When a token was issued, from its suffix; None for a token without one."""
    _, dot, stamp_ = token.rpartition(".")
    if not dot or not stamp_ or len(stamp_) > 12:
        return None
    try:
        return int(stamp_, 16)
    except ValueError:
        return None


@functools.cache
def _dummy_hash() -> str:
    return creds.hash_password("no account has this password")


def _bad_login() -> Unauthenticated:
    return Unauthenticated("bad-login", "unknown user name, password or access code")
