package io.rangefinder.storage;

import java.time.Instant;

/** A bucket (S3, GCS), container (Azure) or top-level folder (file://). */
public record ContainerInfo(String name, Instant created) {
}
