package io.hindsight.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets of each topic, summed over its partitions: on a fresh broker, how many records were ever
 * written to it, transaction markers included (one per partition and transaction), even where Kafka Streams
 * has since purged its repartition topics. Shows what a role writes per input, internal topics included.
 */
final class TopicOffsets {
    private TopicOffsets() {
    }

    static Map<String, Long> of(String bootstrap, Predicate<String> topics) {
        Map<String, Long> out = new TreeMap<>();
        try (Admin admin = admin(bootstrap)) {
            List<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(topics).toList();
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<TopicPartition> tps = new ArrayList<>();
            d.values().forEach(t -> t.partitions().forEach(i -> tps.add(new TopicPartition(t.name(), i.partition()))));
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (TopicPartition tp : tps) {
                out.merge(tp.topic(), end.get(tp).offset(), Long::sum);
            }
        } catch (Exception e) {
            Report.progress("could not read topic offsets: %s", e.toString());
        }
        return out;
    }

    /** What a consumer group has committed, summed per topic; empty before its first commit or on error. */
    static Map<String, Long> committed(Admin admin, String groupId) {
        Map<String, Long> out = new TreeMap<>();
        try {
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, om) -> {
                        if (om != null) {
                            out.merge(tp.topic(), om.offset(), Long::sum);
                        }
                    });
        } catch (Exception e) {
            // progress only: the next line tries again
        }
        return out;
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "hindsight-bench-offsets");
        return Admin.create(p);
    }
}
