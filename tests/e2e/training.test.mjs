// The training page (issue 13): lessons, exercises the engine makes from a class code and grades,
// progress kept per learner across a reload, one class in two browser profiles, results
// downloaded by a learner and imported by the trainer. Right answers come from the command line
// (`reservoir exercise --class CODE`, `reservoir quote`), never from the page under test.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start, openApp, settle, assertClean, buildCli } from "./harness.mjs";

const CLI = new URL("../../target/debug/reservoir", import.meta.url).pathname;

before(() => buildCli());

/** The class's exercises as the command line prints them. */
function classExercises(code) {
  return JSON.parse(execFileSync(CLI, ["exercise", "--class", code], { encoding: "utf8" })).exercises;
}

/** The amount an exercise's answer holds (`{"billingRefundAmount": {"amount": "12.30", ...}}`). */
function amountIn(answer) {
  for (let v = answer; v && typeof v === "object"; v = Object.values(v)[0]) {
    if (typeof v.amount === "string") return v.amount;
  }
  return null;
}

/** An amount typed as a learner of `locale` writes it: a comma for the decimal mark in French and Swedish. */
function typed(amount, locale = "en") {
  return locale === "en" ? amount : amount.replace(".", ",");
}

/** Names the learner and returns the class code the page gave them. */
async function startLearning(page, name = "Ada") {
  await page.getByTestId("training-name").fill(name);
  await page.getByTestId("training-start").click();
  const code = page.getByTestId("training-class-code");
  await code.waitFor();
  return (await code.textContent()).trim();
}

/** Opens lesson `n` and returns exercise `id`'s card. */
async function exerciseCard(page, lesson, id) {
  await page.getByTestId(`lesson-${lesson}`).click();
  const card = page.locator(`[data-testid=exercise][data-exercise=${id}]`);
  await card.waitFor();
  return card;
}

/** Answers an amount exercise and waits for the grade. */
async function answer(card, text) {
  await card.getByTestId("answer").fill(text);
  await card.getByTestId("check").click();
  await card.getByTestId("feedback").waitFor();
}

/** The first amount exercise of a class, with its lesson and the engine's amount. */
function firstAmount(code) {
  const e = classExercises(code).find((x) => x.kind === "amount");
  return { ...e, amount: amountIn(e.answer) };
}

test("a learner takes a lesson: its words, then the class's exercises for it", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  await page.getByTestId("nav-training").waitFor();
  assert.equal(await page.getByTestId("nav-training").getAttribute("aria-current"), "page");
  assert.match(await page.getByTestId("training-need-name").textContent(), /Enter your name/);
  const code = await startLearning(page);
  const set = classExercises(code);
  await page.getByTestId("lesson-2").click();
  const lesson = page.getByTestId("lesson");
  await settle(async () => assert.match(await lesson.locator("h2").textContent(), /^Lesson 2: A refund$/));
  assert.match(await lesson.textContent(), /366/);
  const ids = await lesson.locator("[data-testid=exercise]").evaluateAll((cards) => cards.map((c) => c.dataset.exercise));
  assert.deepEqual(ids, set.filter((e) => e.lesson === 2).map((e) => e.id));
  assert.ok(ids.length > 0);
  assert.match(await lesson.getByTestId("question").first().textContent(), /refund/);
  assert.ok((await lesson.getByTestId("situation").first().textContent()).includes("Today"));
  assertClean(ctx);
});

test("each lesson shows a worked example with the engine's answer and how it is made", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  for (const lesson of [2, 3]) {
    await page.getByTestId(`lesson-${lesson}`).click();
    const [e] = JSON.parse(execFileSync(CLI, ["exercise", "--seed", "0", "--count", "1", "--lessons", String(lesson)], { encoding: "utf8" })).exercises;
    const worked = page.getByTestId("worked-example");
    await settle(async () => assert.match(await page.locator("[data-testid=lesson] h2").textContent(), new RegExp(`^Lesson ${lesson}:`)));
    const said = await worked.getByTestId("worked-answer").textContent();
    const amount = amountIn(e.answer);
    if (amount !== null) {
      const written = Number(amount).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace("-", "−");
      assert.ok(said.includes(written), `${said} has ${written}`);
    }
    assert.ok(await worked.getByTestId("situation").isVisible());
    assert.ok((await worked.getByTestId("exercise-breakdown").locator("tr").count()) > 1);
  }
  assertClean(ctx);
});

test("a lesson's worked example opens in a scratch workspace, and the partner's own is kept", async (t) => {
  const ctx = await start(t);
  const { page, server } = ctx;
  await page.getByTestId("load-demo").click();
  await page.getByTestId("customer-row-woodgrove").waitFor();
  await settle(async () => assert.ok((await page.evaluate(() => localStorage.getItem("reservoir.session")))?.includes("woodgrove")));
  const stored = await page.evaluate(() => localStorage.getItem("reservoir.session"));
  const [e] = JSON.parse(execFileSync(CLI, ["exercise", "--seed", "0", "--count", "1", "--lessons", "2"], { encoding: "utf8" })).exercises;

  await page.goto(server.url + "#/training");
  await page.getByTestId("lesson-2").click();
  await page.getByTestId("worked-open").click();
  await page.getByTestId("scratch-banner").waitFor();
  assert.match(page.url(), /#\/customer\/example$/);
  assert.match(await page.locator("main h1").textContent(), /Worked example/);
  for (const r of e.request.reservations) {
    await page.getByTestId("reservations-table").getByText(r.id, { exact: true }).first().waitFor();
  }
  // A change in the scratch workspace is not written over the partner's.
  await page.getByTestId("today").fill("2027-01-15");
  await page.getByTestId("today").dispatchEvent("change");
  await settle(async () => assert.equal(await page.getByTestId("today").inputValue(), "2027-01-15"));
  assert.equal(await page.evaluate(() => localStorage.getItem("reservoir.session")), stored, "the partner's workspace is kept as stored");

  await page.getByTestId("scratch-leave").click();
  await page.waitForURL(/#\/training$/);
  await page.goto(server.url + "#/");
  await page.getByTestId("customer-row-woodgrove").waitFor();
  assert.equal(await page.getByTestId("scratch-banner").count(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("reservoir.session")), stored);
  assertClean(ctx);
});

test("a right answer typed in the learner's writing is graded right, with the engine's breakdown", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  const code = await startLearning(page);
  const e = firstAmount(code);
  const card = await exerciseCard(page, e.lesson, e.id);
  await answer(card, typed(e.amount));
  assert.equal(await card.getByTestId("feedback").getAttribute("data-right"), "true");
  assert.equal(await card.getByTestId("verdict").textContent(), "Right.");
  assert.equal(await card.getByTestId("mistake").count(), 0);
  assert.ok((await card.getByTestId("exercise-breakdown").locator("tr").count()) > 1, "the breakdown's lines");
  assert.match(await page.getByTestId("training-score").textContent(), /^1 right of 1 answered/);
  assertClean(ctx);
});

test("choices are answered by ticking: who may take an action, and whether a refund or exchange is allowed", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  const code = await startLearning(page);
  const choices = classExercises(code).filter((e) => e.kind === "choice");
  assert.ok(choices.some((e) => e.lesson === 5), "every class of all lessons asks the roles");
  for (const e of choices) {
    const card = await exerciseCard(page, e.lesson, e.id);
    const codes = e.answer.allowedActors ?? e.answer.policyResult.policyErrors.map((x) => x.code);
    // A refused one is right with any of its reasons; nothing refusing it is "allowed".
    const picks = e.answer.allowedActors ? codes : [codes[0] ?? "allowed"];
    if (e.answer.allowedActors) {
      // A wrong set first: one role too few is not right.
      await card.getByTestId(`option-${picks[0]}`).check();
      if (picks.length > 1) {
        await card.getByTestId("check").click();
        await settle(async () => assert.equal(await card.getByTestId("feedback").getAttribute("data-right"), "false"));
      }
    }
    for (const pick of picks) await card.getByTestId(`option-${pick}`).check();
    await card.getByTestId("check").click();
    await settle(async () => assert.equal(await card.getByTestId("feedback").getAttribute("data-right"), "true", `${e.id}: ${picks}`));
  }
  assertClean(ctx);
});

test("an answer that is not a number in the learner's language names the field and stays as typed", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  const code = await startLearning(page);
  const e = firstAmount(code);
  const card = await exerciseCard(page, e.lesson, e.id);
  // "12,5" is no amount in English (a comma groups thousands).
  await card.getByTestId("answer").fill("12,5");
  await card.getByTestId("check").click();
  const error = card.locator(".field-error");
  await settle(async () => assert.match(await error.textContent(), /^Your answer \(USD\): /));
  assert.equal(await card.getByTestId("answer").inputValue(), "12,5");
  assert.equal(await card.getByTestId("answer").getAttribute("aria-invalid"), "true");
  assert.equal(await card.getByTestId("feedback").count(), 0);
  assertClean(ctx);
});

/** A trainer's case file: one unit of USD 3,660 upfront for a year bought 1 June 2023, canceled on
 * 10 January 2024. The term holds 29 February 2024: 366 days, 143 of them left. */
const CASE_REQUEST = {
  format: "reservoir.quote-request/1", policy: "azure-2026", today: "2024-01-10",
  reservations: [{ id: "r1", family: "compute", term: "P1Y", billing_plan: "Upfront", purchase_date: "2023-06-01",
    quantity: 1, currency: "USD", unit_price: "3660" }],
  refund: { reservation: "r1", quantity: 1 },
};

async function caseFile(t, body) {
  const dir = await mkdtemp(join(tmpdir(), "reservoir-training-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "case.json");
  await writeFile(file, JSON.stringify(body));
  return file;
}

test("a wrong answer names its mistake: a term of 365 days across a 29 February", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  await startLearning(page);
  const right = JSON.parse(execFileSync(CLI, ["quote", "-"], { input: JSON.stringify(CASE_REQUEST), encoding: "utf8" }))
    .billingRefundAmount.amount;
  assert.equal(Number(right), 1430, "3660 × 143 / 366");
  await page.getByTestId("training-case-file").setInputFiles(await caseFile(t, {
    format: "reservoir.training/1", title: "Leap year", cases: [{ lesson: 2, ask: "billingRefundAmount", request: CASE_REQUEST }],
  }));
  await settle(async () => assert.match(await page.getByTestId("training-case").textContent(), /Leap year: 1 exercises/));
  const card = await exerciseCard(page, 2, "c1");
  await answer(card, "1,433.92"); // 3660 × 143 / 365
  assert.equal(await card.getByTestId("verdict").textContent(), "Not right.");
  assert.equal(await card.getByTestId("mistake").getAttribute("data-mistake"), "term_of_365_days");
  assert.match(await card.getByTestId("mistake").textContent(), /365 days across a 29 February/);
  assert.match(await card.getByTestId("expected").textContent(), /USD 1,430\.00/);

  // A case file that is wrong is refused by its field, and the exercises stay.
  await page.getByTestId("training-case-file").setInputFiles(await caseFile(t, {
    format: "reservoir.training/1", cases: [{ lesson: 9, ask: "billingRefundAmount", request: CASE_REQUEST }],
  }));
  await settle(async () => assert.match(await page.locator("#training-case-error").textContent(), /case\.json, field cases\[0\]\.lesson: expected a lesson from 1 to 6/));
  assert.equal(await page.locator("[data-testid=exercise][data-exercise=c1]").count(), 1);
  assertClean(ctx);
});

test("after a reload mid-lesson the learner continues where they were, answers kept", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  const code = await startLearning(page, "Bo");
  const e = firstAmount(code);
  let card = await exerciseCard(page, e.lesson, e.id);
  await answer(card, typed(e.amount));
  // A second exercise of the lesson typed but not checked, and not a number: kept as typed.
  const others = classExercises(code).filter((x) => x.lesson === e.lesson && x.id !== e.id && x.kind === "amount");
  if (others.length) {
    await page.locator(`[data-testid=exercise][data-exercise=${others[0].id}]`).getByTestId("answer").fill("abc");
    await page.locator(`[data-testid=exercise][data-exercise=${others[0].id}]`).getByTestId("check").click();
  }
  await page.reload();
  card = page.locator(`[data-testid=exercise][data-exercise=${e.id}]`);
  await card.waitFor();
  assert.equal(await page.getByTestId(`lesson-${e.lesson}`).getAttribute("aria-pressed"), "true");
  assert.equal((await page.getByTestId("training-class-code").textContent()).trim(), code);
  assert.equal(await page.getByTestId("training-name").inputValue(), "Bo");
  assert.equal(await card.getByTestId("answer").inputValue(), typed(e.amount));
  assert.equal(await card.getByTestId("feedback").getAttribute("data-right"), "true");
  if (others.length) {
    assert.equal(await page.locator(`[data-testid=exercise][data-exercise=${others[0].id}]`).getByTestId("answer").inputValue(), "abc");
  }
  // Apart from the workspace: the session's key holds nothing of it.
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert.ok(keys.includes("reservoir.training"));
  assert.ok(!(await page.evaluate(() => localStorage.getItem("reservoir.session") ?? "")).includes("Bo"));
  assertClean(ctx);
});

test("the same class code gives the same exercises in two browser profiles", async (t) => {
  const first = await start(t, { path: "#/training" });
  const code = await startLearning(first.page, "Ada");
  const questions = async (page) => {
    const out = [];
    for (let lesson = 1; lesson <= 6; lesson++) {
      await page.getByTestId(`lesson-${lesson}`).click();
      await page.locator("[data-testid=lesson] h2", { hasText: `Lesson ${lesson}:` }).waitFor();
      out.push(...(await page.locator("[data-testid=exercise]").evaluateAll((cards) =>
        cards.map((c) => `${c.dataset.exercise} ${c.querySelector("[data-testid=question]").textContent} ${c.querySelector("[data-testid=situation]")?.textContent ?? ""}`))));
    }
    return out;
  };
  const seen = await questions(first.page);
  assert.equal(seen.length, classExercises(code).length);
  // Another profile opens the class's link.
  const second = await openApp(first.server, { path: `#/training/${code}` });
  t.after(() => second.close());
  await startLearning(second.page, "Bea");
  assert.equal((await second.page.getByTestId("training-class-code").textContent()).trim(), code);
  assert.deepEqual(await questions(second.page), seen);
  // A code typed into a third place (the first profile, after New exercises) gives them back.
  await first.page.getByTestId("training-new").click();
  await settle(async () => assert.notEqual((await first.page.getByTestId("training-class-code").textContent()).trim(), code));
  await first.page.getByTestId("training-code").fill(code.toLowerCase());
  await first.page.getByTestId("training-join").click();
  await settle(async () => assert.equal((await first.page.getByTestId("training-class-code").textContent()).trim(), code));
  assert.deepEqual(await questions(first.page), seen);
  // A misheard code is refused by name.
  await first.page.getByTestId("training-code").fill(code.slice(0, -1) + (code.endsWith("X") ? "Y" : "X"));
  await first.page.getByTestId("training-join").click();
  await settle(async () => assert.match(await first.page.locator("#training-code-error").textContent(), /is not a class code/));
  assertClean(first);
});

test("a learner's results download, and the trainer imports the class's files", async (t) => {
  const ctx = await start(t, { path: "#/training" });
  const { page } = ctx;
  const code = await startLearning(page, "Ada");
  const e = firstAmount(code);
  const card = await exerciseCard(page, e.lesson, e.id);
  await answer(card, typed(e.amount));
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("training-download").click()]);
  assert.equal(await file.failure(), null);
  const results = JSON.parse(readFileSync(await file.path(), "utf8"));
  assert.equal(results.format, "reservoir.training-results/1");
  assert.equal(results.learner, "Ada");
  assert.equal(results.class, code);
  assert.equal(results.answers.length, 1);
  assert.equal(results.answers[0].exercise, e.id);
  assert.equal(Number(results.answers[0].given), Number(e.amount));

  // A second learner answered wrong, a cent over; a third file is not a results file.
  const dir = await mkdtemp(join(tmpdir(), "reservoir-results-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const wrong = (Math.round(Number(e.amount) * 100) + 1) / 100;
  await writeFile(join(dir, "ada.json"), JSON.stringify(results));
  await writeFile(join(dir, "bo.json"), JSON.stringify({ ...results, learner: "Bo", answers: [{ exercise: e.id, given: wrong.toFixed(2) }] }));
  await writeFile(join(dir, "bad.json"), JSON.stringify({ ...results, answers: [{ exercise: "e99", given: "1" }] }));
  await page.getByTestId("training-results-files").setInputFiles(["ada.json", "bo.json", "bad.json"].map((f) => join(dir, f)));
  await page.getByTestId("class-results").waitFor();
  assert.match(await page.getByTestId("class-summary").textContent(), new RegExp(`^Class ${code}: 2 results files`));
  const row = page.locator(`[data-testid=class-result][data-exercise=${e.id}]`);
  assert.equal(await row.getByTestId("class-right").textContent(), "1 of 2");
  assert.equal(await page.getByTestId("class-result").count(), classExercises(code).length);
  assert.match(await page.getByTestId("results-refused").textContent(), /bad\.json, field answers\[0\]\.exercise: no exercise e99 in this class/);
  assertClean(ctx);
});

for (const [locale, words] of [
  ["fr-FR", { lesson: "Leçon 2 : Un remboursement", right: "Juste.", check: "Vérifier", nav: "Formation" }],
  ["sv-SE", { lesson: "Lektion 2: En återbetalning", right: "Rätt.", check: "Kontrollera", nav: "Utbildning" }],
]) {
  test(`in ${locale} the lessons, questions and grades are in the learner's language, amounts in its writing`, async (t) => {
    const ctx = await start(t, { path: "#/training", locale });
    const { page } = ctx;
    assert.equal(await page.getByTestId("nav-training").textContent(), words.nav);
    const code = await startLearning(page);
    await page.getByTestId("lesson-2").click();
    await settle(async () => assert.equal((await page.locator("[data-testid=lesson] h2").textContent()).replace(/\u00a0/g, " "), words.lesson));
    const e = firstAmount(code);
    const card = await exerciseCard(page, e.lesson, e.id);
    assert.equal(await card.getByTestId("check").textContent(), words.check);
    assert.doesNotMatch(await card.getByTestId("question").textContent(), /How much|What does|Who may/);
    await answer(card, typed(e.amount, "fr"));
    assert.equal(await card.getByTestId("verdict").textContent(), words.right);
    assertClean(ctx);
  });
}
