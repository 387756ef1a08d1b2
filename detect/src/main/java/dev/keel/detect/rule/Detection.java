package dev.keel.detect.rule;

import java.util.List;

/** A compiled piece of a rule's detection: a selection, a field condition, or logic over them. */
public sealed interface Detection {

    /** May throw: rule failures are recovered and counted by the caller, per rule. */
    boolean matches(EventView event);

    record AllOf(List<Detection> parts) implements Detection {
        @Override
        public boolean matches(EventView event) {
            for (Detection part : parts) {
                if (!part.matches(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    record AnyOf(List<Detection> parts) implements Detection {
        @Override
        public boolean matches(EventView event) {
            for (Detection part : parts) {
                if (part.matches(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Detection part) implements Detection {
        @Override
        public boolean matches(EventView event) {
            return !part.matches(event);
        }
    }

    /** {@code field|exists: true|false}. A key present with a null value exists. */
    record Exists(FieldRef field, boolean expected) implements Detection {
        @Override
        public boolean matches(EventView event) {
            return (event.value(field) != FieldRef.MISSING) == expected;
        }
    }

    /**
     * {@code field|modifiers: values}: any value matches (all of them with {@code all}). A list
     * field matches when any element does.
     */
    record Field(FieldRef field, List<ValueTest> tests, boolean all) implements Detection {
        @Override
        public boolean matches(EventView event) {
            Object raw = event.value(field);
            if (raw instanceof List<?> elements) {
                return all ? allMatchSomeElement(elements) : anyMatchesSomeElement(elements);
            }
            String text = event.text(field);
            String lower = text == null ? null : event.lowered(field);
            for (ValueTest test : tests) {
                boolean hit = test.test(raw, text, lower);
                if (hit != all) {
                    return hit;
                }
            }
            return all;
        }

        private boolean anyMatchesSomeElement(List<?> elements) {
            for (ValueTest test : tests) {
                if (matchesSomeElement(test, elements)) {
                    return true;
                }
            }
            return false;
        }

        private boolean allMatchSomeElement(List<?> elements) {
            for (ValueTest test : tests) {
                if (!matchesSomeElement(test, elements)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean matchesSomeElement(ValueTest test, List<?> elements) {
            for (Object element : elements) {
                String text = EventView.textOf(element);
                if (test.test(element, text, text == null ? null : EventView.lower(text))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code field|fieldref: other}: the field's text equals (or, with an anchor, contains,
     * starts or ends with) the text of another field of the same event; case-insensitive unless
     * {@code cased}. Both fields must hold a scalar value. Any of the named fields (all of them
     * with {@code all}).
     */
    record FieldEquals(FieldRef field, List<FieldRef> others, ValueTest.Anchor anchor, boolean cased, boolean all)
            implements Detection {
        @Override
        public boolean matches(EventView event) {
            String text = cased ? event.text(field) : event.text(field) == null ? null : event.lowered(field);
            if (text == null) {
                return false;
            }
            for (FieldRef other : others) {
                String needle = cased ? event.text(other) : event.text(other) == null ? null : event.lowered(other);
                boolean hit = needle != null && switch (anchor) {
                    case EXACT -> text.equals(needle);
                    case CONTAINS -> text.contains(needle);
                    case STARTS -> text.startsWith(needle);
                    case ENDS -> text.endsWith(needle);
                };
                if (hit != all) {
                    return hit;
                }
            }
            return all;
        }
    }

    /** A keyword list: the values are searched for in every value of the event. */
    record Keywords(List<ValueTest> tests, boolean all) implements Detection {
        @Override
        public boolean matches(EventView event) {
            List<String> texts = event.keywordTexts();
            List<String> lowered = event.keywordLowered();
            for (ValueTest test : tests) {
                boolean hit = false;
                for (int i = 0; i < texts.size() && !hit; i++) {
                    hit = test.test(texts.get(i), texts.get(i), lowered.get(i));
                }
                if (hit != all) {
                    return hit;
                }
            }
            return all;
        }
    }
}
