package dev.keel.bench.detect;

import dev.keel.storage.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * The detect benchmarks' workload: a rules directory of {@code n} rules shaped like SigmaHQ's
 * (contains lists, endswith paths, contains|all, keyword lists with wildcards, cidr, regular
 * expressions, and one event_count correlation per 50 rules), and ~1 KB events of which about
 * 2% match some rule. Deterministic (seeded).
 */
public final class DetectWorkload {

    private DetectWorkload() {}

    /** Writes {@code count} rules into {@code dir} (one file each) and returns {@code dir}. */
    public static Path writeRules(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            Files.writeString(dir.resolve(String.format("rule_%04d.yml", i)), rule(i));
            if (i % 50 == 49) {
                Files.writeString(dir.resolve(String.format("correlation_%04d.yml", i)), """
                        title: Repeated rule %d
                        id: corr-%d
                        correlation:
                            type: event_count
                            rules: [rule-%d]
                            group-by: [user, host]
                            timespan: 5m
                            condition:
                                gte: 10
                        generate: true
                        """.formatted(i, i, i));
            }
        }
        return dir;
    }

    private static String rule(int i) {
        String head = "title: Benchmark rule " + i + "\nid: rule-" + i + "\nlevel: medium\nlogsource:\n    product: linux\n"
                + "detection:\n";
        String detection = switch (i % 6) {
            case 0 -> """
                        selection:
                            CommandLine|contains:
                                - 'needle-%1$d-a'
                                - 'needle-%1$d-b'
                                - ' --evil-%1$d '
                        filter:
                            user: 'svc-backup'
                        condition: selection and not filter
                    """.formatted(i);
            case 1 -> """
                        selection_img:
                            - Image|endswith: '/tool-%1$d'
                            - OriginalFileName: 'tool-%1$d.bin'
                        selection_cli:
                            CommandLine|contains|all:
                                - '-x'
                                - 'target-%1$d'
                        condition: all of selection_*
                    """.formatted(i);
            case 2 -> """
                        keywords:
                            - 'kw-%1$d-one'
                            - 'segfault at * ip * sp * error %1$d'
                            - '*pty.spawn-%1$d*'
                        condition: keywords
                    """.formatted(i);
            case 3 -> """
                        selection:
                            action: 'login_failed'
                            src_ip|cidr: '10.%1$d.0.0/16'
                        condition: selection
                    """.formatted(i % 250);
            case 4 -> """
                        selection:
                            message|re: 'error code E%1$d[0-9]{2} from [a-z]+'
                        condition: selection
                    """.formatted(i);
            default -> """
                        selection:
                            ParentImage|endswith:
                                - '/httpd-%1$d'
                                - '/nginx-%1$d'
                            Image|endswith:
                                - '/sh'
                                - '/bash'
                        condition: selection
                    """.formatted(i);
        };
        return head + detection;
    }

    /** The average size of the events as JSON (what ingest would have received), in bytes. */
    public static double averageJsonBytes(List<Event> events) {
        JsonMapper json = JsonMapper.builder().build();
        long bytes = 0;
        for (Event event : events) {
            bytes += json.writeValueAsBytes(event).length;
        }
        return (double) bytes / events.size();
    }

    /** {@code count} events of about 1 KB each (as JSON); about 2% match a rule of a 500-rule set. */
    public static List<Event> events(int count, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(i, random));
        }
        return events;
    }

    private static Event event(int i, Random random) {
        boolean hit = random.nextInt(100) < 2;
        int rule = random.nextInt(500);
        String user = "user" + random.nextInt(200);
        String action = random.nextInt(10) == 0 ? "login_failed" : "exec";
        String message = "Nov 24 10:" + (10 + random.nextInt(50)) + ":00 web" + random.nextInt(9)
                + " app[" + random.nextInt(65535) + "]: request handled path=/api/v1/items/" + random.nextInt(100000)
                + " status=200 bytes=" + random.nextInt(100000) + " took=" + random.nextInt(500) + "ms agent=\""
                + "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
                + "\" trace=" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
                + " session=" + Long.toHexString(random.nextLong()) + " user=" + user
                + " note=\"routine operation with nothing remarkable in it, padded to look like a real log line\""
                + (hit && rule % 6 == 2 ? " kw-" + rule + "-one" : "")
                + (hit && rule % 6 == 4 ? " error code E" + rule + "42 from upstream" : "");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("CommandLine", "/usr/bin/python3 /opt/app/worker.py --queue jobs-" + random.nextInt(50)
                + " --concurrency 8 --log-level info --config /etc/app/worker.yaml"
                + (hit && rule % 6 == 0 ? " needle-" + rule + "-a" : "")
                + (hit && rule % 6 == 1 ? " -x target-" + rule : ""));
        attributes.put("Image", hit && rule % 6 == 1 ? "/usr/local/bin/tool-" + rule
                : hit && rule % 6 == 5 ? "/bin/sh" : "/usr/bin/python3");
        attributes.put("ParentImage", hit && rule % 6 == 5 ? "/usr/sbin/httpd-" + rule : "/usr/lib/systemd/systemd");
        attributes.put("ProcessId", random.nextInt(4_000_000));
        attributes.put("CurrentDirectory", "/opt/app");
        attributes.put("Hashes", "SHA256=" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
                + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        attributes.put("process", Map.of("name", "python3", "args_count", 9, "pid", random.nextInt(65535)));
        String srcIp = hit && rule % 6 == 3 ? "10." + (rule % 250) + ".1.2" : "198.51.100." + random.nextInt(255);
        long now = System.currentTimeMillis();
        return new Event("bench-" + i, now, now, "http", "web" + random.nextInt(20), user, action, srcIp, "info",
                message, attributes);
    }
}
