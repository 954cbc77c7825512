import pytest

from bot.access import AccessPolicy, Rate, RateLimiter, Role
from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "BRIEFING_ADMINS", "BRIEFING_ALLOWED_USERS", "BRIEFING_ALLOWED_CHATS", "BRIEFING_PUBLIC"):
        monkeypatch.delenv(name, raising=False)


def test_ids_are_comma_separated_numbers(monkeypatch):
    monkeypatch.setenv("BRIEFING_ADMINS", " 1, 2,,3 ")
    monkeypatch.setenv("BRIEFING_ALLOWED_CHATS", "-1001234567890")
    monkeypatch.setenv("BRIEFING_PUBLIC", "true")
    settings = load_settings()
    assert settings.admins == {1, 2, 3} and settings.allowed_chats == {-1001234567890} and settings.public


def test_a_bad_id_is_one_clear_line(monkeypatch):
    monkeypatch.setenv("BRIEFING_ALLOWED_USERS", "12,@alice")
    with pytest.raises(SettingsError, match="BRIEFING_ALLOWED_USERS.*'@alice' is not a numeric Telegram id"):
        load_settings()


def test_the_meeting_time_zone_is_checked_at_start(monkeypatch):
    monkeypatch.setenv("BRIEFING_TIMEZONE", "Pacific/Auckland")
    assert str(load_settings().zone()) == "Pacific/Auckland"
    monkeypatch.setenv("BRIEFING_TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError, match="BRIEFING_TIMEZONE.*'Mars/Olympus' is no time zone this machine knows"):
        load_settings()
    monkeypatch.delenv("BRIEFING_TIMEZONE")
    assert load_settings().zone() is None  # the machine's own


def test_dotenv_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("BRIEFING_ADMINS=7\nTELEGRAM_BOT_TOKEN=123456:" + "a" * 35 + "\n")
    assert load_settings().admins == {7}
    assert load_settings().token() == "123456:" + "a" * 35
    monkeypatch.setenv("BRIEFING_ADMINS", "8")
    assert load_settings().admins == {8}


@pytest.mark.parametrize("token, message", [(None, "is not set"), ("abc", "does not look like"), ("123:short", "does not look like")])
def test_missing_or_malformed_token(monkeypatch, token, message):
    if token:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(SettingsError, match=message) as info:
        load_settings().token()
    assert token is None or token not in str(info.value)


def test_access_is_default_deny_and_groups_never_make_maintainers():
    policy = AccessPolicy(admins=frozenset({1}), allowed_users=frozenset({2}), allowed_chats=frozenset({-5}))
    assert policy.role(1, None) is Role.ADMIN
    assert policy.role(2, None) is Role.STAFF
    assert policy.role(3, -5) is Role.STAFF and policy.role(3, 3) is Role.NONE
    assert policy.role(3, None) is Role.NONE
    assert AccessPolicy(public=True).role(3, 3) is Role.STAFF


def test_a_refused_user_is_told_once_per_interval():
    policy = AccessPolicy(refusal_interval=300)
    assert policy.should_tell_refusal(9, now=0)
    assert not policy.should_tell_refusal(9, now=299)
    assert policy.should_tell_refusal(9, now=301)
    assert policy.should_tell_refusal(10, now=1)


def test_rate_limit_allows_a_burst_then_one_message_per_interval_and_tells_once():
    limiter = RateLimiter(per_minute=3)
    assert [limiter.check(1, now=0) for _ in range(3)] == [Rate.ALLOW] * 3
    assert limiter.check(1, now=0) is Rate.TELL
    assert limiter.check(1, now=1) is Rate.DROP
    assert limiter.check(2, now=1) is Rate.ALLOW  # others are not affected
    assert limiter.check(1, now=20.5) is Rate.ALLOW  # one token back after 20 s
    assert limiter.check(1, now=21) is Rate.DROP
    assert [limiter.check(1, now=61) for _ in range(3)] == [Rate.ALLOW, Rate.ALLOW, Rate.TELL]  # told again after a minute


def test_graph_search_expansion_is_read_and_checked(monkeypatch):
    monkeypatch.setenv("BRIEFING_SEARCH_EXPANSION", "256")
    assert load_settings().search_expansion == 256
    monkeypatch.setenv("BRIEFING_SEARCH_EXPANSION", "0")
    with pytest.raises(SettingsError, match="BRIEFING_SEARCH_EXPANSION"):
        load_settings()
