package io.ppml;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of ppml-service: privacy-preserving machine learning over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PpmlApplication {

    public static void main(String[] args) {
        SpringApplication.run(PpmlApplication.class, args);
    }
}
