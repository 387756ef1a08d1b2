package dev.keel.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Keel: ingest → detect → storage, with a lifecycle that is provably correct. Component scanning
 * covers only this package's configuration classes; the components themselves are wired
 * explicitly in {@link KeelComponents}.
 */
@SpringBootApplication
public class KeelApplication {

    public static void main(String[] args) {
        StopSignals.install();
        SpringApplication.run(KeelApplication.class, args);
    }
}
