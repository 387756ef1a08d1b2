package dev.keel.app.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One component's stop outcome as the lifecycle logs it ({@code StopOutcome.describe()}): "component
 * ingest stopped cleanly in 12 ms", or "component x stopped with a timeout in 3004 ms; still
 * running:" followed by each stuck worker's thread and stack on the lines after it.
 *
 * @param component the component's name
 * @param clean whether it stopped cleanly
 * @param millis the duration it logged
 * @param text the whole entry: its first line and, for a timeout, the stuck workers and stacks
 */
public record StopLogLine(String component, boolean clean, long millis, String text) {

    private static final Pattern STOPPED =
            Pattern.compile("component (\\S+) stopped (cleanly|with a timeout) in (\\d+) ms");
    /** A line that starts a new log entry (Spring Boot's default pattern begins with an ISO timestamp). */
    private static final Pattern ENTRY_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T");

    /** Every stop outcome in the log, in the order they were logged. */
    public static List<StopLogLine> parseAll(String log) {
        List<StopLogLine> lines = new ArrayList<>();
        String[] all = log.split("\\R");
        for (int i = 0; i < all.length; i++) {
            Matcher matcher = STOPPED.matcher(all[i]);
            if (matcher.find()) {
                StringBuilder text = new StringBuilder(all[i]);
                for (int next = i + 1; next < all.length && !ENTRY_START.matcher(all[next]).find(); next++) {
                    text.append('\n').append(all[next]);
                }
                lines.add(new StopLogLine(matcher.group(1), matcher.group(2).equals("cleanly"),
                        Long.parseLong(matcher.group(3)), text.toString()));
            }
        }
        return List.copyOf(lines);
    }
}
