package dev.keel.ingest.support;

import dev.keel.ingest.IngestProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link IngestProperties} from a few overrides, as Spring would from application.yml. */
public final class TestProperties {

    private TestProperties() {}

    /** @param keyValues pairs of names under {@code keel.ingest.} and values, e.g. "syslog.port", "0" */
    public static IngestProperties of(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put("keel.ingest." + keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("keel.ingest", IngestProperties.class);
    }

    /** Syslog on free ports of 127.0.0.1, plus the given overrides. */
    public static IngestProperties syslogOnFreePorts(String... keyValues) {
        String[] all = new String[keyValues.length + 2];
        all[0] = "syslog.port";
        all[1] = "0";
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return of(all);
    }
}
