package dev.keel.app.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * One line per server saying which port serves what ("ingest HTTP listening on port 8080",
 * "management listening on port 8081"): Jetty's own start line does not say which server it is.
 */
@Component
public class ServerPortsLog implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ServerPortsLog.class);

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        String server = namespace == null ? "ingest HTTP" : namespace;
        log.info("{} listening on port {}", server, event.getWebServer().getPort());
    }
}
