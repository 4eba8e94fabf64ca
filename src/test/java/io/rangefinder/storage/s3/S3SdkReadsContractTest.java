package io.rangefinder.storage.s3;

import io.rangefinder.storage.config.ConnectionProfile;
import org.junit.jupiter.api.Assertions;

/** The store contract on S3 with every read through the AWS SDK client, as where the lean path does not apply. */
class S3SdkReadsContractTest extends S3StoreContractTest {

    @Override
    S3Store open(ConnectionProfile profile) {
        S3Store s = S3Store.open(profile, false);
        Assertions.assertFalse(s.readsLean("bucket", "key"), "reads should go through the SDK");
        return s;
    }
}
