package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns away, before they are evaluated, the rules an event cannot match: each rule's
 * {@link RequiredLiterals required literals} on one field are looked for, together with every
 * other rule's on that field, in one Aho-Corasick pass over the field's lower-cased text. A rule
 * none of whose literals is there is skipped; a rule without a requirement, or whose field holds a
 * list or a map (matched element by element), is always evaluated. Immutable; one per log source.
 */
public final class RulePrefilter {

    private record FieldIndex(FieldRef field, LiteralAutomaton automaton, int[][] literalsOfRule, int[] rules) {}

    private final BitSet unfiltered = new BitSet();
    private final List<FieldIndex> fields = new ArrayList<>();

    /** @param detections in the order candidates are returned */
    public RulePrefilter(List<DetectionRule> detections) {
        Map<FieldRef, List<Integer>> byField = new LinkedHashMap<>();
        Map<Integer, RequiredLiterals.Requirement> requirements = new HashMap<>();
        for (int i = 0; i < detections.size(); i++) {
            RequiredLiterals.Requirement requirement = RequiredLiterals.of(detections.get(i).detection());
            if (requirement == null) {
                unfiltered.set(i);
            } else {
                requirements.put(i, requirement);
                byField.computeIfAbsent(requirement.field(), f -> new ArrayList<>()).add(i);
            }
        }
        byField.forEach((field, ruleIndexes) -> {
            Map<String, Integer> ids = new LinkedHashMap<>();
            int[][] literalsOfRule = new int[ruleIndexes.size()][];
            for (int r = 0; r < ruleIndexes.size(); r++) {
                literalsOfRule[r] = requirements.get(ruleIndexes.get(r)).literals().stream()
                        .mapToInt(literal -> ids.computeIfAbsent(literal, l -> ids.size())).toArray();
            }
            fields.add(new FieldIndex(field, new LiteralAutomaton(new ArrayList<>(ids.keySet())), literalsOfRule,
                    ruleIndexes.stream().mapToInt(Integer::intValue).toArray()));
        });
    }

    /** The indexes (into the detections given) of the rules worth evaluating on this event. */
    public BitSet candidates(EventView event) {
        BitSet candidates = (BitSet) unfiltered.clone();
        for (FieldIndex index : fields) {
            Object raw = event.value(index.field());
            if (raw instanceof List<?> || raw instanceof Map<?, ?>) {
                for (int rule : index.rules()) {
                    candidates.set(rule);
                }
                continue;
            }
            String lower = event.text(index.field()) == null ? null : event.lowered(index.field());
            if (lower == null) {
                continue;
            }
            boolean[] found = new boolean[index.automaton().size()];
            index.automaton().find(lower, found);
            for (int r = 0; r < index.rules().length; r++) {
                for (int literal : index.literalsOfRule()[r]) {
                    if (found[literal]) {
                        candidates.set(index.rules()[r]);
                        break;
                    }
                }
            }
        }
        return candidates;
    }
}
