package io.hindsight.app;

import io.hindsight.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded broker as a process of its own, so a fault test can kill -9 it and start it again on the same
 * log dir and ports: args are the data dir, the client port and the controller port.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = new EmbeddedKafka(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])).start();
        System.out.println("broker ready at " + kafka.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        new CountDownLatch(1).await(); // until killed
    }
}
