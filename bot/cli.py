"""The ``briefing-bot`` command line: reindex, ask, chat.

Domain errors become one line on stderr and exit status 1; never a traceback.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bot.formatting import answer_json, answer_text, brief_text, eval_summary, gaps_text, refresh_summary, speakers_text
from bot import deployment
from bot.deployment import make_journal
from bot.settings import Settings, load_settings
from knowledge.briefing import Briefing
from knowledge.errors import BriefingError

PROG = "briefing-bot"


def fail(message: str) -> None:
    """Print one clear line and leave with status 1."""
    click.echo(f"{PROG}: {message}", err=True)
    sys.exit(1)


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's errors (and Ctrl-C) into one line instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BriefingError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("", err=True)
            sys.exit(130)

    return wrapper


def make_briefing(settings: Settings) -> Briefing:
    """The briefing the settings describe, closed (its database connections too) when the command ends."""
    briefing = deployment.make_briefing(settings)
    click.get_current_context().call_on_close(briefing.close)
    return briefing


def open_journal(settings: Settings):
    """The question journal the Telegram bot writes, or one line saying there is none yet."""
    from knowledge.journal.sqlite import JOURNAL_FILE, Journal

    if settings.database() is not None:
        return make_journal(settings.model_copy(update={"question_log_days": settings.question_log_days or 30}),
                            make_briefing(settings))
    if not (settings.data_dir / JOURNAL_FILE).is_file():
        fail(f"No question journal in {settings.data_dir} yet: the Telegram bot writes it as staff ask.")
    return Journal(settings.data_dir, settings.question_log_days or 30)


def report_skipped(report) -> None:
    for skipped in report.skipped:
        click.echo(f"{PROG}: skipped {skipped.name}: {skipped.reason}", err=True)
    if report.rebuilt_because:
        click.echo(f"{PROG}: rebuilt the index from the documents: {report.rebuilt_because}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (to stderr).")
@click.pass_context
@friendly
def cli(ctx: click.Context, verbose: bool) -> None:
    """Answer questions from a meeting's briefing documents, here or in Telegram.

    Configuration comes from the environment and a .env file (see README).
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = load_settings()


@cli.command()
@click.option("--full", is_flag=True, help="Re-embed every passage, ignoring the saved index.")
@click.pass_obj
@friendly
def reindex(settings: Settings, full: bool) -> None:
    """Embed new and changed documents, drop removed ones, and save the index."""
    report = make_briefing(settings).refresh(full=full, show_progress=sys.stderr.isatty())
    report_skipped(report)
    click.echo(refresh_summary(report))


@cli.command()
@click.pass_obj
@friendly
def migrate(settings: Settings) -> None:
    """Move the knowledge folder's documents and the saved index into PostgreSQL (BRIEFING_DATABASE_URL).

    Vectors the index in BRIEFING_DATA_DIR holds are reused, not embedded again; documents
    already in the database stay. Run it once, from any machine that reaches the database.
    """
    if settings.database() is None:
        fail("migrate moves the embedded index into PostgreSQL: set BRIEFING_DATABASE_URL first.")
    briefing = make_briefing(settings)
    _, report = briefing.library.migrate(briefing.encoder, settings.knowledge_dir, settings.data_dir,
                                         approximate_from=settings.approximate_from)
    report_skipped(report)
    click.echo(f"Moved into {briefing.library.description}: " + refresh_summary(report))


@cli.command()
@click.argument("questions", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question, one per line.")
@click.pass_obj
@friendly
def ask(settings: Settings, questions: tuple[str, ...], as_json: bool) -> None:
    """Answer QUESTIONS from the briefing (builds the index first if there is none)."""
    answers = make_briefing(settings).ask_many(questions)
    for i, answer in enumerate(answers):
        if as_json:
            click.echo(answer_json(answer))
            continue
        if len(answers) > 1:
            click.echo(("\n" if i else "") + click.style(f"Q: {answer.question}", bold=True))
        click.echo(answer_text(answer))


@cli.command()
@click.pass_obj
@friendly
def chat(settings: Settings) -> None:
    """Ask questions one after another in the terminal (Ctrl-D or "quit" to leave)."""
    briefing = make_briefing(settings)
    index = briefing.index
    titles = sorted({d.title or d.name for d in index.documents})
    click.echo(f"Briefing on {len(titles)} document(s): " + "; ".join(titles))
    click.echo('Ask a question, e.g. "Who opened the meeting?". Ctrl-D or "quit" to leave.')
    from knowledge.answering.followup import FollowUps

    follow_ups = FollowUps()  # "What did he say?" resolves against the last answer, as in Telegram
    while True:
        try:
            question = input("\n? ")
        except EOFError:
            click.echo()
            return
        if question.strip().lower() in {"quit", "exit", "q"}:
            return
        if not question.strip():
            continue
        try:
            answer = briefing.ask(question, follow_ups.get("terminal"))
        except BriefingError as exc:
            click.echo(str(exc))
            continue
        follow_ups.remember("terminal", answer.topic)
        click.echo(answer_text(answer))


@cli.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "dense", "lexical"]),
    default="hybrid",
    show_default=True,
    help="hybrid is what the bot uses; dense and lexical are retrieval alone, for comparison.",
)
@click.option("--baseline", is_flag=True, help="Also print plain dense retrieval beside the result.")
@click.option("--with-documents", "with_documents", type=click.Path(file_okay=False, exists=True),
              help="Index this folder's documents together with the knowledge folder's (in a work folder "
                   "under BRIEFING_DATA_DIR/eval), as when several meetings share one briefing.")
@click.option("--tuned-on", "tuned_on", type=click.IntRange(min=1),
              help="Questions carry a \"doc\" field: report the first N documents' questions (the ones "
                   "tuned on) apart from the rest (held out).")
@click.option("--squad", is_flag=True, help="FILES are SQuAD v1.1 or 2.0 JSON: retrieval and answer figures.")
@click.option("--sample", type=click.IntRange(min=1), default=1000, show_default=True,
              help="With --squad: questions answered (a seeded random sample; all if fewer).")
@click.option("--evidence", type=click.Path(dir_okay=False), help="Also append per question a JSON line "
              "to this file: its half, whether answered right, the confidence's evidence (make calibrate).")
@click.pass_obj
@friendly
def eval_command(settings: Settings, files: tuple[str, ...], mode: str, baseline: bool, with_documents: str | None,
                 tuned_on: int | None, squad: bool, sample: int, evidence: str | None) -> None:
    """Score answers on labelled questions (JSON lines: question, expect_any/expect_all or refuse;
    "after": the id of the question a follow-up follows, in the same chat).

    With --squad, index each SQuAD file's paragraphs (under BRIEFING_DATA_DIR/squad) and print
    recall@1, recall@5 and MRR of the answering paragraph for BM25, dense and the bot's hybrid, then
    how often the answer holds a gold one, its length, and SQuAD 2.0's unanswerable declined.
    """
    from knowledge.evaluation.quality import answer_cases, evaluate, evidence_line, read_cases

    if evidence:  # the fit needs every answer, not only those above this deployment's floor
        settings = settings.model_copy(update={"min_confidence": 0.0})

    if squad:
        for path in files:
            squad_table(settings, path, sample, evidence)
        return
    briefing = eval_briefing(settings, with_documents) if with_documents else make_briefing(settings)
    for path in files:
        cases = read_cases(path)
        modes = [mode] + (["dense"] if baseline and mode != "dense" else [])
        for current in modes:
            answers = answer_cases(briefing.ask_many, cases, mode=current)
            report = evaluate(cases, answers)
            click.echo(eval_summary(path, current, report))
            documents = sorted({c.doc for c in cases if c.doc})
            tuned = set(documents[:tuned_on]) if tuned_on else set()
            if evidence and current == mode:
                with open(evidence, "a", encoding="utf-8") as out:
                    out.writelines(evidence_line(Path(path).parent.name, c.doc, None if not tuned or c.doc is None else
                                                 "tuned" if c.doc in tuned else "held out", a, c.judge(a), not c.refuse)
                                   + "\n" for c, a in zip(cases, answers))
            if tuned_on and documents:
                for label, keep in ((f"tuned on ({len(tuned)} documents)", lambda c: c.doc in tuned),
                                    (f"held out ({len(documents) - len(tuned)} documents)",
                                     lambda c: c.doc is not None and c.doc not in tuned)):
                    part = [(c, a) for c, a in zip(cases, answers) if keep(c)]
                    sub = evaluate([c for c, _ in part], [a for _, a in part])
                    click.echo(f"  {label}: answered right {sub.answered_right}/{sub.to_answer} ({sub.answer_rate:.0%})")
            if current == mode:
                for miss in report.misses:
                    got = miss.answer.text[:100] if miss.answer.answered else f"(declined: {miss.answer.reason})"
                    click.echo(f"  miss {miss.case.id}: {miss.case.question!r} -> {got!r}")


def eval_briefing(settings: Settings, extra: str) -> Briefing:
    """A briefing over the knowledge folder's documents and ``extra``'s, in a work folder."""
    import hashlib
    import shutil

    work = settings.data_dir / "eval" / hashlib.sha256(str(Path(extra).resolve()).encode()).hexdigest()[:12]
    folder = work / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    for source in (Path(settings.knowledge_dir), Path(extra)):
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                target = folder / path.name
                if not target.exists() or target.read_bytes() != path.read_bytes():
                    shutil.copyfile(path, target)
    return Briefing(folder, work / "data", model_path=settings.model, approximate_from=settings.approximate_from,
                    search_expansion=settings.search_expansion, min_confidence=settings.min_confidence,
                    timezone=settings.zone())


@cli.command()
@click.pass_obj
@friendly
def speakers(settings: Settings) -> None:
    """List the people in the documents: role, what they did, how often they are quoted."""
    click.echo(speakers_text(list(make_briefing(settings).index.speakers)))


@cli.command()
@click.option("--days", type=click.FloatRange(min=0), default=7.0, show_default=True, help="How far back to look.")
@click.pass_obj
@friendly
def questions(settings: Settings, days: float) -> None:
    """List the questions staff asked in Telegram (user ids, newest first), from the journal."""
    entries = open_journal(settings).recent(days)
    if not entries:
        click.echo(f"No questions in the last {days:g} day(s).")
    for e in entries:
        where = f" -> {e.document} #{e.passage}" if e.document else ""
        verdict = "answered" if e.answered else "DECLINED" if e.kind == "declined" else e.kind
        click.echo(f"{e.at:%Y-%m-%d %H:%M} user {e.user_id}: {verdict} ({e.kind}){where}: {e.question}")


@cli.command()
@click.option("--days", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="How far back to look.")
@click.pass_obj
@friendly
def gaps(settings: Settings, days: float) -> None:
    """The questions declined, rated not helpful, or answered unsure and not rated helpful, near-duplicates
    grouped, most asked first."""
    from knowledge.journal.gaps import find_gaps

    found = find_gaps(open_journal(settings), make_briefing(settings).encoder, days=days)
    click.echo(gaps_text(found, days))


@cli.command()
@click.pass_obj
@friendly
def brief(settings: Settings) -> None:
    """Print the briefing card: event, date, place, organisers, aim, speakers, key points."""
    from knowledge.answering.brief import make_briefs

    click.echo(brief_text(make_briefs(make_briefing(settings).index)))


def squad_table(settings: Settings, path: str, sample: int = 1000, evidence: str | None = None) -> None:
    import hashlib

    from knowledge.evaluation.quality import answer_quality, retrieval_ranks, squad_cases, squad_documents, summarise

    work = settings.data_dir / "squad" / hashlib.sha256(str(path).encode()).hexdigest()[:12]
    questions, paragraphs = squad_documents(path, work / "documents")
    briefing = Briefing(work / "documents", work / "data", model_path=settings.model,
                        approximate_from=settings.approximate_from,
                        search_expansion=settings.search_expansion, min_confidence=settings.min_confidence,
                        timezone=settings.zone())
    report = briefing.refresh(show_progress=sys.stderr.isatty())
    click.echo(f"{path}: {len(questions)} questions, {report.passages} passages from {report.documents} articles")
    click.echo("| method | recall@1 | recall@5 | MRR |")
    click.echo("|---|---|---|---|")
    names = {"lexical": "BM25", "dense": "dense", "hybrid": "hybrid (the bot)"}
    ranks = retrieval_ranks(briefing.index, briefing.encoder, questions, paragraphs)
    articles = sorted({document for document, _, _ in questions})
    even = {a for a in articles[::2]}
    rows = [(names[mode], found) for mode, found in ranks.items()]
    for half, label in ((True, "even"), (False, "odd")):
        rows.append((f"hybrid, articles at {label} positions only",
                     [r for r, (d, _, _) in zip(ranks["hybrid"], questions) if (d in even) is half]))
    for label, found in rows:
        s = summarise(label, found, len(briefing.index.passages))
        click.echo(f"| {label} | {s.recall_at_1:.3f} | {s.recall_at_5:.3f} | {s.mrr:.3f} |")
    cases = squad_cases(path, sample=sample)
    answers = []
    with click.progressbar(length=len(cases), label="Answering", file=sys.stderr) if sys.stderr.isatty() else _nobar() as bar:
        for start in range(0, len(cases), 64):
            answers += briefing.ask_many([c.question for c in cases[start : start + 64]])
            bar.update(min(64, len(cases) - start))
    if evidence:
        from knowledge.evaluation.quality import evidence_line, holds_gold

        with open(evidence, "a", encoding="utf-8") as out:  # right: a gold answer shown, or declined
            out.writelines(evidence_line(Path(path).name, c.document, None, a, holds_gold(c, a) if c.answerable
                                         else not a.answered, c.answerable) + "\n" for c, a in zip(cases, answers))
    baseline = [a for start in range(0, len(cases), 256)
                for a in briefing.ask_many([c.question for c in cases[start : start + 256]], mode="dense")]
    click.echo(f"\n{len(cases)} questions (seeded sample), answer shown vs gold answers:")
    click.echo("| setting | answerable: answer holds a gold answer | median words | unanswerable declined |")
    click.echo("|---|---|---|---|")
    rows = [("plain dense retrieval (the passage)", answer_quality("dense", cases, baseline))]
    rows += [(f"the bot, min confidence {m}" if m is not None else "the bot (default)",
              answer_quality("bot", cases, answers, m)) for m in (None, 0.2, 0.3, 0.4, 0.5, 0.6)]
    for label, q in rows:
        declined = f"{q.declined:.3f} of {q.unanswerable}" if q.unanswerable else "-"
        click.echo(f"| {label} | {q.holds_gold:.3f} of {q.answerable} | {q.median_words:.0f} | {declined} |")


class _nobar:
    """A stand-in for click's progress bar when stderr is not a terminal."""

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@cli.command()
@click.option("--webhook", "webhook_url", metavar="URL",
              help="Serve a webhook at this public URL instead of polling (as BRIEFING_WEBHOOK_URL).")
@click.pass_obj
@friendly
def run(settings: Settings, webhook_url: str | None) -> None:
    """Start the Telegram bot until Ctrl-C or SIGTERM: long polling, or a webhook with --webhook
    (or BRIEFING_WEBHOOK_URL; needs BRIEFING_WEBHOOK_SECRET)."""
    logging.getLogger().setLevel(logging.INFO)
    if webhook_url is not None:
        settings = load_settings(webhook_url=webhook_url)  # checked like the environment's
    from telegram.error import InvalidToken, NetworkError

    from bot.wiring import run_bot

    try:
        run_bot(settings)  # checks the Bot API first: TelegramUnavailableError, one line
    except InvalidToken:  # the API changed its mind between the check and polling
        fail("Telegram refused TELEGRAM_BOT_TOKEN (unauthorised); check the token @BotFather gave you.")
    except NetworkError as exc:
        reason = str(exc).replace(settings.token(), "<token>")
        fail(f"Could not reach the Telegram Bot API at {settings.telegram_base_url} ({reason}).")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name=PROG)
