/**
 * 整改 work orders as pure rules: the order of the steps and when each is due. A work order
 * opens at verify; each step done moves it to the next, with a fresh deadline counted from
 * the moment the step before it was done; review done closes it.
 */

export type WorkOrderStep = 'verify' | 'rectify' | 'answer' | 'review' | 'closed';
export type ActionableStep = Exclude<WorkOrderStep, 'closed'>;

export interface StepDurations {
  verifyHours: number;
  rectifyDays: number;
  answerDays: number;
  reviewDays: number;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

const following: Record<ActionableStep, WorkOrderStep> = {
  verify: 'rectify',
  rectify: 'answer',
  answer: 'review',
  review: 'closed',
};

/** The step after `step` is done. */
export function nextStep(step: ActionableStep): WorkOrderStep {
  return following[step];
}

/** How long a step may take once it became the current one. */
export function stepDurationMs(step: ActionableStep, d: StepDurations): number {
  switch (step) {
    case 'verify':
      return d.verifyHours * hourMs;
    case 'rectify':
      return d.rectifyDays * dayMs;
    case 'answer':
      return d.answerDays * dayMs;
    case 'review':
      return d.reviewDays * dayMs;
  }
}

/** The deadline of `step` when it starts at `from`; none once the order is closed. */
export function deadlineOf(step: WorkOrderStep, from: Date, d: StepDurations): Date | null {
  return step === 'closed' ? null : new Date(from.getTime() + stepDurationMs(step, d));
}

/**
 * The latest time the citizen is answered, when every step still to come takes the time it
 * is allowed: the current step's deadline plus the full length of each step up to and
 * including "answer". Null once the answer step is behind the order (or it is closed).
 */
export function answerDueOf(step: WorkOrderStep, stepDeadline: Date | null, d: StepDurations): Date | null {
  if (step === 'closed' || step === 'review' || stepDeadline === null) return null;
  let at = stepDeadline.getTime();
  let next: WorkOrderStep = step;
  while (next !== 'answer') {
    next = nextStep(next);
    if (next === 'closed') return null;
    at += stepDurationMs(next, d);
  }
  return new Date(at);
}

/** Open and past the current step's deadline. */
export function isOverdue(order: { step: WorkOrderStep; stepDeadline: Date | null }, now: Date): boolean {
  return order.step !== 'closed' && order.stepDeadline !== null && now.getTime() > order.stepDeadline.getTime();
}

/** The two levels of 好差评 that open a work order (不满意, 非常不满意). */
export function isBadRating(level: string): boolean {
  return level === 'dissatisfied' || level === 'very_dissatisfied';
}
