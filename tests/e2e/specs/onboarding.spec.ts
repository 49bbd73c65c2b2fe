import { test, expect, signIn, expectNoAxeViolations, openDialog, submitDialog } from '../fixtures';
import type { Page } from '@playwright/test';

// Onboarding as a new owner would go through it, with Fresh Start (approved, not onboarded):
// each required step's button leads to its settings page, the step completes from what was
// created there, optional steps are skipped (and one taken back), and "Go to Inbox" opens the
// dashboard for the owner and, from then on, for the tenant's agents.

test.use({ allowedConsoleErrors: [/status of 403/] });

const step = (page: Page, title: string) =>
  page.getByRole('list', { name: 'Setup steps' }).getByRole('listitem').filter({
    has: page.getByRole('heading', { name: new RegExp(`^${title}`) }),
  });

async function expectProgress(page: Page, done: number) {
  await expect(page.getByText(`${done} of 6 steps done`)).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(done));
}

async function backToChecklist(page: Page) {
  await page.getByRole('link', { name: 'Back to setup checklist' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to TextPeak Inbox' })).toBeVisible();
}

/** A required step: its link opens `settings`, where `work` creates what the step needs; back
 *  on the checklist the step is complete and `done` steps are counted. */
async function completeStep(page: Page, title: string, settings: string, done: number, work: () => Promise<void>) {
  await step(page, title).getByRole('link', { name: `Open ${settings}` }).click();
  await work();
  await backToChecklist(page);
  await expect(step(page, title)).toContainText('Complete');
  await expectProgress(page, done);
}

test('a new owner sets the Inbox up; agents wait, then get the dashboard', async ({ page, browser }) => {
  test.setTimeout(150_000);

  // The agent waits, and is told whom to ask; the checklist is not theirs even by deep link.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, 'agent@fresh.test');
  await agent.goto('/inbox');
  await expect(agent.getByRole('heading', { name: 'Inbox is being set up by your admin' })).toBeVisible();
  await expect(agent.getByRole('link', { name: 'owner@fresh.test' })).toHaveAttribute('href', 'mailto:owner@fresh.test');
  await agent.goto('/inbox/onboarding');
  await expect(agent.getByRole('heading', { name: "You don't have access to this page" })).toBeVisible();

  await signIn(page, 'owner@fresh.test');
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/inbox\/onboarding$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to TextPeak Inbox' })).toBeVisible();
  await expectProgress(page, 0);
  const goToInbox = page.getByRole('button', { name: 'Go to Inbox' });
  await expect(goToInbox).toHaveAttribute('aria-disabled', 'true');
  await expect(step(page, 'Create spaces and teams').getByRole('link', { name: /Learn more/ })).toHaveAttribute(
    'href',
    /^https:\/\/help\.textpeak\.com\/inbox\/onboarding\/spaces-and-teams$/,
  );
  await expect(step(page, 'Create spaces and teams').getByRole('button', { name: /Skip/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // 1. Spaces and teams.
  await completeStep(page, 'Create spaces and teams', 'Spaces and teams', 1, async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Spaces and teams' })).toBeVisible();
    await page.getByRole('button', { name: 'New space' }).click();
    await page.getByRole('dialog', { name: 'New space' }).getByLabel('Name', { exact: true }).fill('Front desk');
    await page.getByRole('button', { name: 'Create space' }).click();
    const frontDesk = page.getByRole('region', { name: 'Front desk', exact: true });
    await frontDesk.getByRole('button', { name: 'New team' }).click();
    await page.getByRole('dialog', { name: 'New team' }).getByLabel('Name', { exact: true }).fill('Reception');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(frontDesk.getByRole('row', { name: /Reception/ })).toBeVisible();
  });

  // 2. Users and roles: the agent gets the space and its team.
  await completeStep(page, 'Add users and give them roles', 'Users and roles', 2, async () => {
    const edit = await openDialog(page, 'Edit Fatima Khan');
    await edit.getByRole('group', { name: 'Spaces' }).getByLabel('Front desk').check();
    await edit.getByRole('group', { name: 'Teams' }).getByLabel('Reception').check();
    await submitDialog(edit, 'Save user');
  });

  // 3. A channel.
  await completeStep(page, 'Connect a channel', 'Sender profiles', 3, async () => {
    const profile = await openDialog(page, 'New sender profile');
    await profile.getByLabel('Name', { exact: true }).fill('Front desk SMS');
    await profile.getByLabel('Numbers', { exact: true }).fill('+14155550300');
    await submitDialog(profile, 'Create sender profile');
  });

  // 4. Routing.
  await completeStep(page, 'Route incoming messages', 'Incoming routing', 4, async () => {
    const rule = await openDialog(page, 'New routing rule');
    await rule.getByLabel('Name', { exact: true }).fill('Front desk line');
    await rule.getByLabel('Team', { exact: true }).selectOption({ label: 'Reception' });
    await rule.getByLabel('Numbers', { exact: true }).fill('+14155550300');
    await submitDialog(rule, 'Create routing rule');
  });
  await expect(goToInbox).toHaveAttribute('aria-disabled', 'false');

  // Optional steps: skip both, take one back; the server keeps it.
  await page.getByRole('button', { name: 'Skip: Create tags' }).click();
  await expect(step(page, 'Create tags')).toContainText('Skipped');
  await page.getByRole('button', { name: 'Skip: Create canned templates' }).click();
  await expect(step(page, 'Create canned templates')).toContainText('Skipped');
  await expectProgress(page, 6);
  await page.getByRole('button', { name: 'Undo skip: Create tags' }).click();
  await expect(step(page, 'Create tags')).toContainText('To do');
  await expectProgress(page, 5);
  await page.reload();
  await expectProgress(page, 5);
  await expect(step(page, 'Create canned templates')).toContainText('Skipped');
  await expectNoAxeViolations(page);

  // Finish: the dashboard, with the checklist still one click away (tags are open).
  await goToInbox.click();
  await expect(page).toHaveURL(/\/inbox\/s\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Front desk' })).toBeVisible();
  const checklistLink = page.getByRole('link', { name: /Setup checklist/ });
  await expect(checklistLink).toContainText('5 of 6');
  await checklistLink.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your setup checklist' })).toBeVisible();

  // The agent now gets the dashboard of their space.
  await agent.goto('/inbox');
  await expect(agent).toHaveURL(/\/inbox\/s\/\d+$/);
  await expect(agent.getByRole('heading', { level: 1, name: 'Front desk' })).toBeVisible();
  await agentContext.close();
});

test('an onboarded admin never sees the welcome screen unbidden; a manager never sees the checklist', async ({ page }) => {
  await signIn(page, 'admin@acme.test');
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/inbox\/s\/\d+$/);
  await expect(page.getByRole('link', { name: /Setup checklist/ })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, 'manager@acme.test');
  await page.goto('/inbox/onboarding');
  await expect(page.getByRole('heading', { name: "You don't have access to this page" })).toBeVisible();
});
