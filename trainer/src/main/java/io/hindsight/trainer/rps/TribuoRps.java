package io.hindsight.trainer.rps;

import io.hindsight.contracts.rps.RpsExample;
import io.hindsight.contracts.rps.RpsFeatures;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * How rps rounds become Tribuo examples, the same way the predictor builds them: the 50 features under their
 * contract names ({@link RpsFeatures#NAMES}), every value present, zeros included (XGBoost reads an absent
 * feature as missing, not 0), and the label the move's class index as text: "0" rock, "1" paper, "2" scissors.
 */
final class TribuoRps {
    static final String[] NAMES = RpsFeatures.NAMES.toArray(String[]::new);
    static final LabelFactory FACTORY = new LabelFactory();

    private TribuoRps() {
    }

    static Example<Label> labelled(RpsExample r) {
        return new ArrayExample<>(new Label(Integer.toString(r.label())), NAMES, r.featureArray());
    }

    static Example<Label> unlabelled(double[] features) {
        if (features.length != RpsFeatures.COUNT) {
            throw new IllegalArgumentException("an rps row has " + RpsFeatures.COUNT + " features, not " + features.length);
        }
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, NAMES, features);
    }

    static MutableDataset<Label> dataset(List<RpsExample> rounds, String description) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance(description, FACTORY), FACTORY);
        for (RpsExample r : rounds) {
            d.add(labelled(r));
        }
        return d;
    }
}
