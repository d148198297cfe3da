import { describe, expect, it } from 'vitest';
import { caseProgressStatuses } from '../../db/schema';
import { priorityClass, ticketStatus } from '../../server/contracts/api';
import { caseProgressStatus } from '../../server/contracts/conditional';
import { priorityClasses } from '../../server/domain/ordering';
import { ticketStatuses } from '../../server/domain/ticket-state';

// The wire contract imports zod only and the domain nothing, so each spells its
// vocabularies itself; these tests keep the two spellings one.
describe('contract and domain vocabularies', () => {
  it('ticket statuses are the same set', () => {
    expect([...ticketStatus.options].sort()).toEqual([...ticketStatuses].sort());
  });

  it('priority classes are the same set', () => {
    expect([...priorityClass.options].sort()).toEqual([...priorityClasses].sort());
  });
});

describe('contract and database vocabularies', () => {
  it('case progress statuses are the same list, in the order a case moves', () => {
    expect(caseProgressStatus.options).toEqual([...caseProgressStatuses]);
  });
});
