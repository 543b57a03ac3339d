"""Staff accounts managed by an administrator: listed, disabled and enabled, reset; and
one's own password changed, away from a one-time one."""

from __future__ import annotations

import pytest

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder, Unauthenticated
from smolny.service.app import Principal, Smolny
from smolny.service.principals import SYSTEM
from smolny.service.views import accounts as views
from smolny.service.views import record

GOOD = "brass lantern velvet harbour"


def _admin(app: Smolny) -> Principal:
    app.accounts.create_account("root", "admin", password=GOOD)
    return app.accounts.login_staff("root", GOOD)[1]


def test_a_one_time_password_is_changed_without_typing_it_again_and_never_to_itself(
    app: Smolny,
) -> None:
    _, one_time = app.accounts.create_account("alice", "secretary")
    token, who = app.accounts.login_staff("alice", one_time)
    with pytest.raises(Invalid) as same:
        app.accounts.change_password(who, None, one_time)
    assert same.value.rule == "password-unchanged" and same.value.field == "new"
    with pytest.raises(Invalid) as weak:
        app.accounts.change_password(who, None, "password1234")
    assert weak.value.rule == "password-weak"
    fresh = app.accounts.change_password(who, None, GOOD)
    assert app.accounts.who(token) is None  # the one-time login ended
    now = app.accounts.who(fresh)
    assert now is not None and now.id == who.id and not now.must_change_password
    with pytest.raises(Invalid) as again:  # no longer one-time: the old one is asked for
        app.accounts.change_password(now, None, "another harbour of brass lanterns")
    assert again.value.rule == "required" and again.value.field == "old"
    with pytest.raises(Invalid) as same_again:
        app.accounts.change_password(now, GOOD, GOOD)
    assert same_again.value.rule == "password-unchanged"
    assert app.accounts.login_staff("alice", GOOD)


def test_an_administrator_lists_disables_enables_and_resets_accounts(app: Smolny) -> None:
    admin = _admin(app)
    ident, one_time = app.accounts.create_account("bob", "chair", by=admin)
    listed = {a["username"]: a for a in views.listed(app, app.accounts)}
    assert listed["bob"] == {
        "account": ident,
        "username": "bob",
        "role": "chair",
        "body": None,
        "disabled": False,
        "one_time": True,
    }
    assert not listed["root"]["one_time"]
    token, _ = app.accounts.login_staff("bob", one_time)
    app.accounts.set_disabled(ident, True, by=admin)
    assert app.accounts.who(token) is None
    with pytest.raises(Unauthenticated) as disabled:
        app.accounts.login_staff("bob", one_time)
    assert disabled.value.rule == "account-disabled"
    with pytest.raises(OutOfOrder) as twice:
        app.accounts.set_disabled(ident, True, by=admin)
    assert twice.value.rule == "account-disabled"
    assert views.listed(app, app.accounts)[1]["disabled"]
    app.accounts.set_disabled(ident, False, by=admin)
    assert app.accounts.login_staff("bob", one_time)
    secret = app.accounts.reset_password("BOB", by=admin)  # named in any case
    with pytest.raises(Unauthenticated):
        app.accounts.login_staff("bob", one_time)
    assert app.accounts.login_staff("bob", secret)[1].must_change_password
    acts = [(e["kind"], e["actor"], e["data"]) for e in record.entries(app, 0, 100)][-3:]
    assert acts == [
        ("account.disabled", f"account:{admin.id}", {"account": ident}),
        ("account.enabled", f"account:{admin.id}", {"account": ident}),
        ("account.password-reset", f"account:{admin.id}", {"account": ident, "one_time": True}),
    ]  # the record says who did it, never a password
    with pytest.raises(NotFound):
        app.accounts.reset_password("nobody", by=admin)


def test_an_account_may_work_for_a_body_that_exists(app: Smolny) -> None:
    admin = _admin(app)
    app.execute(c.CreateBody("congress", "The Congress"), by=admin)
    ident, _ = app.accounts.create_account("sec", "secretary", by=admin, body="congress")
    assert views.listed(app, app.accounts)[1]["body"] == "congress"
    with pytest.raises(NotFound):
        app.accounts.create_account("sec2", "secretary", by=admin, body="nowhere")
    assert len(views.listed(app, app.accounts)) == 2  # nothing created


def test_an_administrator_cannot_disable_themselves_nor_the_last_administrator(
    app: Smolny,
) -> None:
    admin = _admin(app)
    with pytest.raises(OutOfOrder) as own:
        app.accounts.set_disabled(admin.id, True, by=admin)
    assert own.value.rule == "own-account"
    other, _ = app.accounts.create_account("deputy", "admin", password=GOOD + " two", by=admin)
    deputy = app.accounts.login_staff("deputy", GOOD + " two")[1]
    app.accounts.set_disabled(admin.id, True, by=deputy)
    with pytest.raises(OutOfOrder) as last:
        app.accounts.set_disabled(other, True, by=SYSTEM)  # the last one who can log in
    assert last.value.rule == "last-admin"


def test_unlocking_lifts_only_lockouts_in_force_and_records_only_those(app: Smolny) -> None:
    admin = _admin(app)
    app.accounts.create_account("bob", "chair", password=GOOD + " bob", by=admin)
    before = record.seq_now(app)
    assert app.accounts.unlock("bob", by=admin) == 0
    assert record.seq_now(app) == before  # nothing in force: nothing recorded
    guard = app.accounts.login_guard
    for _ in range(guard.policy.failures_per_target):
        guard.failed("203.0.113.7", "account:bob")
    assert app.accounts.unlock("Bob", by=admin) == 1
    assert record.entries(app, 0, 100)[-1]["kind"] == "login.lockout-lifted"
    assert not guard.lockouts()
