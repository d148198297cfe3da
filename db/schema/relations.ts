import { relations } from 'drizzle-orm';
import { counterServices, counters } from './counters';
import { halls } from './halls';
import { services } from './services';
import { staff } from './staff';
import { tickets } from './tickets';

export const hallsRelations = relations(halls, ({ many }) => ({
  services: many(services),
  counters: many(counters),
  staff: many(staff),
}));

export const servicesRelations = relations(services, ({ one, many }) => ({
  hall: one(halls, { fields: [services.hallId], references: [halls.id] }),
  counters: many(counterServices),
}));

export const countersRelations = relations(counters, ({ one, many }) => ({
  hall: one(halls, { fields: [counters.hallId], references: [halls.id] }),
  services: many(counterServices),
}));

export const counterServicesRelations = relations(counterServices, ({ one }) => ({
  counter: one(counters, { fields: [counterServices.counterId], references: [counters.id] }),
  service: one(services, { fields: [counterServices.serviceId], references: [services.id] }),
}));

export const staffRelations = relations(staff, ({ one }) => ({
  hall: one(halls, { fields: [staff.hallId], references: [halls.id] }),
  counter: one(counters, { fields: [staff.counterId], references: [counters.id] }),
}));

export const ticketsRelations = relations(tickets, ({ one }) => ({
  service: one(services, { fields: [tickets.serviceId], references: [services.id] }),
  counter: one(counters, { fields: [tickets.counterId], references: [counters.id] }),
}));
