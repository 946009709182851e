-- Inboxes list a unit's orders by the state of its assignment, newest first,
-- and the overdue boards filter on the warning level.
CREATE INDEX order_units_inbox ON order_units(unit_id, state, order_id);
CREATE INDEX orders_warning ON orders(warning, id);
