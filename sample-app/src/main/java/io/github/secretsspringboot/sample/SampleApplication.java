package io.github.secretsspringboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An orders service. Its database credentials and its payment provider's API key come
 * from AWS Secrets Manager through {@code spring.config.import} (see
 * {@code application.yml}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
