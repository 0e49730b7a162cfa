/* Unit tests for kubectl describe (include/kube/describe.h) through a fake kube_describe_io.
 *
 * The service, node and CRD instance below are objects of the test cluster as the API server
 * returned them (managedFields dropped), and the expected texts are what the oracle kubectl
 * 1.37.2 printed for them: for the node with ages set ten days after the pods' creation, the
 * clock the tests use. The other tests check kubectl's rules on hand-made objects: secret values
 * never printed, Go's sort order of tied events, how failing related requests are shown or
 * returned, and the error contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <kube/describe.h>
#include <kube/time.h>

/* ---- captured objects and the oracle's texts ---- */

static const char svc_json[] =
    "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{\"kubectl.k"
    "ubernetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\"
    "\":\\\"Service\\\",\\\"metadata\\\":{\\\"annotations\\\":{\\\"note\\\":\\\"tab\\\\ther"
    "e\\\"},\\\"name\\\":\\\"unit-svc\\\",\\\"namespace\\\":\\\"kc-describe-unit\\\"},\\\"s"
    "pec\\\":{\\\"ports\\\":[{\\\"name\\\":\\\"http\\\",\\\"port\\\":80,\\\"targetPort\\\":"
    "8080},{\\\"name\\\":\\\"dns\\\",\\\"port\\\":9,\\\"protocol\\\":\\\"UDP\\\",\\\"target"
    "Port\\\":9}],\\\"selector\\\":{\\\"app\\\":\\\"none\\\"}}}\\n\",\"note\":\"tab\\there"
    "\"},\"creationTimestamp\":\"2026-11-26T17:33:00Z\",\"name\":\"unit-svc\",\"namespace\""
    ":\"kc-describe-unit\",\"resourceVersion\":\"2299\",\"uid\":\"4a86513a-0509-4727-8959-8"
    "98dd1c296bb\"},\"spec\":{\"clusterIP\":\"10.96.72.60\",\"clusterIPs\":[\"10.96.72.60\""
    "],\"internalTrafficPolicy\":\"Cluster\",\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":"
    "\"SingleStack\",\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targe"
    "tPort\":8080},{\"name\":\"dns\",\"port\":9,\"protocol\":\"UDP\",\"targetPort\":9}],\"s"
    "elector\":{\"app\":\"none\"},\"sessionAffinity\":\"None\",\"type\":\"ClusterIP\"},\"st"
    "atus\":{\"loadBalancer\":{}}}";

static const char slices_json[] =
    "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{"
    "\"resourceVersion\":\"1\"},\"items\":[{\"metadata\":{\"name\":\"unit-svc-a\",\"namespa"
    "ce\":\"kc-describe-unit\",\"uid\":\"fbd9964b-2706-4261-a0af-79d272fc66d6\",\"resourceV"
    "ersion\":\"2302\",\"generation\":2,\"creationTimestamp\":\"2026-11-26T17:32:51Z\",\"la"
    "bels\":{\"endpointslice.kubernetes.io/managed-by\":\"kc-test\",\"kubernetes.io/service"
    "-name\":\"unit-svc\"},\"annotations\":{\"kubectl.kubernetes.io/last-applied-configurat"
    "ion\":\"{\\\"addressType\\\":\\\"IPv4\\\",\\\"apiVersion\\\":\\\"discovery.k8s.io/v1\\"
    "\",\\\"endpoints\\\":[{\\\"addresses\\\":[\\\"10.0.0.1\\\"]},{\\\"addresses\\\":[\\\"1"
    "0.0.0.2\\\"],\\\"conditions\\\":{\\\"ready\\\":true}},{\\\"addresses\\\":[\\\"10.0.0.3"
    "\\\"],\\\"conditions\\\":{\\\"ready\\\":false}},{\\\"addresses\\\":[\\\"10.0.0.4\\\"],"
    "\\\"conditions\\\":{\\\"ready\\\":true}}],\\\"kind\\\":\\\"EndpointSlice\\\",\\\"metad"
    "ata\\\":{\\\"annotations\\\":{},\\\"labels\\\":{\\\"endpointslice.kubernetes.io/manage"
    "d-by\\\":\\\"kc-test\\\",\\\"kubernetes.io/service-name\\\":\\\"unit-svc\\\"},\\\"name"
    "\\\":\\\"unit-svc-a\\\",\\\"namespace\\\":\\\"kc-describe-unit\\\"},\\\"ports\\\":[{\\"
    "\"name\\\":\\\"http\\\",\\\"port\\\":8080,\\\"protocol\\\":\\\"TCP\\\"},{\\\"name\\\":"
    "\\\"dns\\\",\\\"port\\\":9,\\\"protocol\\\":\\\"UDP\\\"}]}\\n\"}},\"addressType\":\"IP"
    "v4\",\"endpoints\":[{\"addresses\":[\"10.0.0.1\"],\"conditions\":{}},{\"addresses\":["
    "\"10.0.0.2\"],\"conditions\":{\"ready\":true}},{\"addresses\":[\"10.0.0.3\"],\"conditi"
    "ons\":{\"ready\":false}},{\"addresses\":[\"10.0.0.4\"],\"conditions\":{\"ready\":true}"
    "}],\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080},{\"name\":\"dns\""
    ",\"protocol\":\"UDP\",\"port\":9}]},{\"metadata\":{\"name\":\"unit-svc-b\",\"namespace"
    "\":\"kc-describe-unit\",\"uid\":\"9f3d61d2-3c45-4f7b-b138-d929665ad5cc\",\"resourceVer"
    "sion\":\"2283\",\"generation\":1,\"creationTimestamp\":\"2026-11-26T17:32:51Z\",\"labe"
    "ls\":{\"endpointslice.kubernetes.io/managed-by\":\"kc-test\",\"kubernetes.io/service-n"
    "ame\":\"unit-svc\"},\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuratio"
    "n\":\"{\\\"addressType\\\":\\\"IPv6\\\",\\\"apiVersion\\\":\\\"discovery.k8s.io/v1\\\""
    ",\\\"endpoints\\\":[{\\\"addresses\\\":[\\\"fd00::5\\\"],\\\"conditions\\\":{\\\"ready"
    "\\\":true}}],\\\"kind\\\":\\\"EndpointSlice\\\",\\\"metadata\\\":{\\\"annotations\\\":"
    "{},\\\"labels\\\":{\\\"endpointslice.kubernetes.io/managed-by\\\":\\\"kc-test\\\",\\\""
    "kubernetes.io/service-name\\\":\\\"unit-svc\\\"},\\\"name\\\":\\\"unit-svc-b\\\",\\\"n"
    "amespace\\\":\\\"kc-describe-unit\\\"},\\\"ports\\\":[{\\\"name\\\":\\\"http\\\",\\\"p"
    "ort\\\":8443,\\\"protocol\\\":\\\"TCP\\\"}]}\\n\"}},\"addressType\":\"IPv6\",\"endpoin"
    "ts\":[{\"addresses\":[\"fd00::5\"],\"conditions\":{\"ready\":true}}],\"ports\":[{\"nam"
    "e\":\"http\",\"protocol\":\"TCP\",\"port\":8443}]},{\"metadata\":{\"name\":\"unit-svc-"
    "scrs6\",\"generateName\":\"unit-svc-\",\"namespace\":\"kc-describe-unit\",\"uid\":\"a7"
    "d23ee1-2c80-46ea-b95f-2f4d0447f907\",\"resourceVersion\":\"2300\",\"generation\":1,\"c"
    "reationTimestamp\":\"2026-11-26T17:33:00Z\",\"labels\":{\"endpointslice.kubernetes.io/"
    "managed-by\":\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name\":\"unit"
    "-svc\"},\"annotations\":{\"endpoints.kubernetes.io/last-change-trigger-time\":\"2026-1"
    "1-26T17:33:00Z\"},\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"n"
    "ame\":\"unit-svc\",\"uid\":\"4a86513a-0509-4727-8959-898dd1c296bb\",\"controller\":tru"
    "e,\"blockOwnerDeletion\":true}]},\"addressType\":\"IPv4\",\"endpoints\":null,\"ports\""
    ":null}]}";

static const char svc_events_json[] =
    "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"}"
    ",\"items\":[{\"metadata\":{\"name\":\"unit-svc.a\",\"namespace\":\"kc-describe-unit\","
    "\"uid\":\"ac94b9ee-4621-463f-aed7-b95e71abb043\",\"resourceVersion\":\"2303\",\"creati"
    "onTimestamp\":\"2026-11-26T17:32:51Z\",\"annotations\":{\"kubectl.kubernetes.io/last-a"
    "pplied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"count\\\":3,\\\"firstTimes"
    "tamp\\\":\\\"2026-10-27T17:33:00Z\\\",\\\"involvedObject\\\":{\\\"apiVersion\\\":\\\"v"
    "1\\\",\\\"kind\\\":\\\"Service\\\",\\\"name\\\":\\\"unit-svc\\\",\\\"namespace\\\":\\"
    "\"kc-describe-unit\\\",\\\"uid\\\":\\\"4a86513a-0509-4727-8959-898dd1c296bb\\\"},\\\"k"
    "ind\\\":\\\"Event\\\",\\\"lastTimestamp\\\":\\\"2026-11-17T17:33:00Z\\\",\\\"message\\"
    "\":\\\"ClusterIP -\\\\u003e NodePort\\\\n\\\",\\\"metadata\\\":{\\\"annotations\\\":{}"
    ",\\\"name\\\":\\\"unit-svc.a\\\",\\\"namespace\\\":\\\"kc-describe-unit\\\"},\\\"reaso"
    "n\\\":\\\"Type\\\",\\\"source\\\":{\\\"component\\\":\\\"service-controller\\\"},\\\"t"
    "ype\\\":\\\"Normal\\\"}\\n\"}},\"involvedObject\":{\"kind\":\"Service\",\"namespace\":"
    "\"kc-describe-unit\",\"name\":\"unit-svc\",\"uid\":\"4a86513a-0509-4727-8959-898dd1c29"
    "6bb\",\"apiVersion\":\"v1\"},\"reason\":\"Type\",\"message\":\"ClusterIP -> NodePort\\"
    "n\",\"source\":{\"component\":\"service-controller\"},\"firstTimestamp\":\"2026-10-27T"
    "17:33:00Z\",\"lastTimestamp\":\"2026-11-17T17:33:00Z\",\"count\":3,\"type\":\"Normal\""
    ",\"eventTime\":null,\"reportingComponent\":\"\",\"reportingInstance\":\"\"},{\"metadat"
    "a\":{\"name\":\"unit-svc.b\",\"namespace\":\"kc-describe-unit\",\"uid\":\"f3ab3082-799"
    "4-4d6f-ba89-cb6be1e88e9f\",\"resourceVersion\":\"2304\",\"creationTimestamp\":\"2026-1"
    "1-26T17:32:51Z\",\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\""
    ":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"count\\\":1,\\\"firstTimestamp\\\":\\\"2025-10-2"
    "2T17:33:00Z\\\",\\\"involvedObject\\\":{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\"
    "\"Service\\\",\\\"name\\\":\\\"unit-svc\\\",\\\"namespace\\\":\\\"kc-describe-unit\\\""
    ",\\\"uid\\\":\\\"4a86513a-0509-4727-8959-898dd1c296bb\\\"},\\\"kind\\\":\\\"Event\\\","
    "\\\"lastTimestamp\\\":\\\"2025-10-22T17:33:00Z\\\",\\\"message\\\":\\\"\\\\u001b[1mbol"
    "d\\\\u001b[0m and a CR\\\\r here\\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"name"
    "\\\":\\\"unit-svc.b\\\",\\\"namespace\\\":\\\"kc-describe-unit\\\"},\\\"reason\\\":\\"
    "\"Odd\\\",\\\"source\\\":{\\\"component\\\":\\\"kc-unit\\\"},\\\"type\\\":\\\"Warning"
    "\\\"}\\n\"}},\"involvedObject\":{\"kind\":\"Service\",\"namespace\":\"kc-describe-unit"
    "\",\"name\":\"unit-svc\",\"uid\":\"4a86513a-0509-4727-8959-898dd1c296bb\",\"apiVersion"
    "\":\"v1\"},\"reason\":\"Odd\",\"message\":\"\\u001b[1mbold\\u001b[0m and a CR\\r here"
    "\",\"source\":{\"component\":\"kc-unit\"},\"firstTimestamp\":\"2025-10-22T17:33:00Z\","
    "\"lastTimestamp\":\"2025-10-22T17:33:00Z\",\"count\":1,\"type\":\"Warning\",\"eventTim"
    "e\":null,\"reportingComponent\":\"\",\"reportingInstance\":\"\"}]}";

static const char node_json[] =
    "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"annotations\":{\"kubectl.kube"
    "rnetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":"
    "\\\"Node\\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"labels\\\":{\\\"kubernetes.i"
    "o/role\\\":\\\"edge\\\",\\\"node-role.kubernetes.io/infra\\\":\\\"\\\",\\\"node-role.k"
    "ubernetes.io/worker\\\":\\\"\\\"},\\\"name\\\":\\\"kc-unit-node\\\"},\\\"spec\\\":{\\"
    "\"podCIDR\\\":\\\"10.250.0.0/24\\\",\\\"providerID\\\":\\\"kc://unit\\\",\\\"taints\\"
    "\":[{\\\"effect\\\":\\\"NoSchedule\\\",\\\"key\\\":\\\"dedicated\\\",\\\"value\\\":\\"
    "\"unit\\\"},{\\\"effect\\\":\\\"NoExecute\\\",\\\"key\\\":\\\"zz\\\"},{\\\"effect\\\":"
    "\\\"NoExecute\\\",\\\"key\\\":\\\"aa\\\"}]}}\\n\",\"node.alpha.kubernetes.io/ttl\":\"0"
    "\"},\"creationTimestamp\":\"2026-11-26T17:33:16Z\",\"labels\":{\"kubernetes.io/role\":"
    "\"edge\",\"node-role.kubernetes.io/infra\":\"\",\"node-role.kubernetes.io/worker\":\""
    "\"},\"name\":\"kc-unit-node\",\"resourceVersion\":\"2408\",\"uid\":\"0eeeb61c-1e0d-424"
    "a-9efe-a69777f98d0e\"},\"spec\":{\"podCIDR\":\"10.250.0.0/24\",\"podCIDRs\":[\"10.250."
    "0.0/24\"],\"providerID\":\"kc://unit\",\"taints\":[{\"effect\":\"NoSchedule\",\"key\":"
    "\"dedicated\",\"value\":\"unit\"},{\"effect\":\"PreferNoSchedule\",\"key\":\"zz\"},{\""
    "effect\":\"NoSchedule\",\"key\":\"aa\"}]},\"status\":{\"addresses\":[{\"address\":\"19"
    "2.0.2.9\",\"type\":\"InternalIP\"},{\"address\":\"unit\",\"type\":\"Hostname\"}],\"all"
    "ocatable\":{\"cpu\":\"1900m\",\"ephemeral-storage\":\"10Gi\",\"example.com/gpu\":\"4\""
    ",\"hugepages-2Mi\":\"1Gi\",\"memory\":\"3584Mi\",\"pods\":\"10\"},\"capacity\":{\"cpu"
    "\":\"2\",\"ephemeral-storage\":\"10Gi\",\"example.com/gpu\":\"4\",\"hugepages-2Mi\":\""
    "1Gi\",\"memory\":\"4Gi\",\"pods\":\"10\"},\"conditions\":[{\"lastHeartbeatTime\":\"202"
    "6-11-26T17:33:16Z\",\"lastTransitionTime\":\"2026-11-26T17:33:16Z\",\"message\":\"kube"
    "let is posting ready status\",\"reason\":\"KubeletReady\",\"status\":\"True\",\"type\""
    ":\"Ready\"},{\"lastHeartbeatTime\":\"2026-11-26T17:33:16Z\",\"lastTransitionTime\":\"2"
    "026-11-26T17:33:16Z\",\"message\":\"kubelet has sufficient memory available\",\"reason"
    "\":\"KubeletHasSufficientMemory\",\"status\":\"False\",\"type\":\"MemoryPressure\"},{"
    "\"lastHeartbeatTime\":\"2026-11-26T17:33:16Z\",\"lastTransitionTime\":\"2026-11-26T17:"
    "33:16Z\",\"message\":\"kubelet has no disk pressure\",\"reason\":\"KubeletHasNoDiskPre"
    "ssure\",\"status\":\"False\",\"type\":\"DiskPressure\"},{\"lastHeartbeatTime\":\"2026-"
    "11-26T17:33:16Z\",\"lastTransitionTime\":\"2026-11-26T17:33:16Z\",\"message\":\"kubele"
    "t has sufficient PID available\",\"reason\":\"KubeletHasSufficientPID\",\"status\":\"F"
    "alse\",\"type\":\"PIDPressure\"},{\"lastHeartbeatTime\":\"2026-11-26T17:33:16Z\",\"las"
    "tTransitionTime\":\"2026-11-26T17:33:16Z\",\"message\":\"RouteController created a rou"
    "te\",\"reason\":\"RouteCreated\",\"status\":\"False\",\"type\":\"NetworkUnavailable\"}"
    "],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":22163}},\"nodeInfo\":{\"architect"
    "ure\":\"arm64\",\"bootID\":\"b\",\"containerRuntimeVersion\":\"none://0\",\"kernelVers"
    "ion\":\"6.1\",\"kubeProxyVersion\":\"\",\"kubeletVersion\":\"v1.37.2\",\"machineID\":"
    "\"m\",\"operatingSystem\":\"linux\",\"osImage\":\"Unit OS\",\"systemUUID\":\"s\"},\"ph"
    "ase\":\"Running\"}}";

static const char node_pods_json[] =
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},"
    "\"items\":[{\"metadata\":{\"name\":\"unit-a\",\"namespace\":\"kc-describe-unit\",\"uid"
    "\":\"62cca6bb-47a8-4e5d-963f-0417b1e2ca0e\",\"resourceVersion\":\"2412\",\"generation"
    "\":1,\"creationTimestamp\":\"2026-11-26T17:33:27Z\",\"annotations\":{\"kubectl.kuberne"
    "tes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\""
    "Pod\\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"name\\\":\\\"unit-a\\\",\\\"names"
    "pace\\\":\\\"kc-describe-unit\\\"},\\\"spec\\\":{\\\"containers\\\":[{\\\"image\\\":\\"
    "\"x\\\",\\\"name\\\":\\\"main\\\",\\\"resources\\\":{\\\"limits\\\":{\\\"cpu\\\":\\\"5"
    "00m\\\",\\\"example.com/gpu\\\":\\\"1\\\",\\\"hugepages-2Mi\\\":\\\"64Mi\\\",\\\"memor"
    "y\\\":\\\"256Mi\\\"},\\\"requests\\\":{\\\"cpu\\\":\\\"250m\\\",\\\"example.com/gpu\\"
    "\":\\\"1\\\",\\\"hugepages-2Mi\\\":\\\"64Mi\\\",\\\"memory\\\":\\\"64Mi\\\"}}}],\\\"in"
    "itContainers\\\":[{\\\"image\\\":\\\"x\\\",\\\"name\\\":\\\"init-big\\\",\\\"resources"
    "\\\":{\\\"requests\\\":{\\\"cpu\\\":\\\"1\\\",\\\"memory\\\":\\\"1Gi\\\"}}},{\\\"image"
    "\\\":\\\"x\\\",\\\"name\\\":\\\"sidecar\\\",\\\"resources\\\":{\\\"limits\\\":{\\\"cpu"
    "\\\":\\\"200m\\\",\\\"memory\\\":\\\"128Mi\\\"},\\\"requests\\\":{\\\"cpu\\\":\\\"100m"
    "\\\",\\\"memory\\\":\\\"100M\\\"}},\\\"restartPolicy\\\":\\\"Always\\\"}],\\\"nodeName"
    "\\\":\\\"kc-unit-node\\\"}}\\n\"}},\"spec\":{\"volumes\":[{\"name\":\"kube-api-access-"
    "b9xjx\",\"projected\":{\"sources\":[{\"serviceAccountToken\":{\"expirationSeconds\":36"
    "07,\"path\":\"token\"}},{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"ke"
    "y\":\"ca.crt\",\"path\":\"ca.crt\"}]}},{\"downwardAPI\":{\"items\":[{\"path\":\"namesp"
    "ace\",\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.namespace\"}}]}}],"
    "\"defaultMode\":420}}],\"initContainers\":[{\"name\":\"init-big\",\"image\":\"x\",\"re"
    "sources\":{\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},\"volumeMounts\":[{\"name"
    "\":\"kube-api-access-b9xjx\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubern"
    "etes.io/serviceaccount\"}],\"terminationMessagePath\":\"/dev/termination-log\",\"termi"
    "nationMessagePolicy\":\"File\",\"imagePullPolicy\":\"Always\"},{\"name\":\"sidecar\","
    "\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"},\"re"
    "quests\":{\"cpu\":\"100m\",\"memory\":\"100M\"}},\"restartPolicy\":\"Always\",\"volume"
    "Mounts\":[{\"name\":\"kube-api-access-b9xjx\",\"readOnly\":true,\"mountPath\":\"/var/r"
    "un/secrets/kubernetes.io/serviceaccount\"}],\"terminationMessagePath\":\"/dev/terminat"
    "ion-log\",\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":\"Always\"}],\"con"
    "tainers\":[{\"name\":\"main\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"500"
    "m\",\"example.com/gpu\":\"1\",\"hugepages-2Mi\":\"64Mi\",\"memory\":\"256Mi\"},\"reque"
    "sts\":{\"cpu\":\"250m\",\"example.com/gpu\":\"1\",\"hugepages-2Mi\":\"64Mi\",\"memory"
    "\":\"64Mi\"}},\"volumeMounts\":[{\"name\":\"kube-api-access-b9xjx\",\"readOnly\":true,"
    "\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}],\"terminationMessage"
    "Path\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"imagePullPolic"
    "y\":\"Always\"}],\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,\"d"
    "nsPolicy\":\"ClusterFirst\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"de"
    "fault\",\"nodeName\":\"kc-unit-node\",\"securityContext\":{},\"schedulerName\":\"defau"
    "lt-scheduler\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\""
    ":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubern"
    "etes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSec"
    "onds\":300}],\"priority\":0,\"enableServiceLinks\":true,\"preemptionPolicy\":\"Preempt"
    "LowerPriority\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Initial"
    "ized\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-26T"
    "17:33:27Z\"},{\"type\":\"Ready\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTran"
    "sitionTime\":\"2026-11-26T17:33:27Z\"},{\"type\":\"ContainersReady\",\"status\":\"True"
    "\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-26T17:33:27Z\"}],\"hostIP\""
    ":\"192.0.2.9\",\"hostIPs\":[{\"ip\":\"192.0.2.9\"}],\"podIP\":\"10.250.0.1\",\"podIPs"
    "\":[{\"ip\":\"10.250.0.1\"}],\"startTime\":\"2026-11-26T17:33:27Z\",\"initContainerSta"
    "tuses\":[{\"name\":\"init-big\",\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":"
    "\"Completed\",\"startedAt\":\"2026-11-26T17:33:27Z\",\"finishedAt\":\"2026-11-26T17:33"
    ":27Z\"}},\"lastState\":{},\"ready\":true,\"restartCount\":0,\"image\":\"x\",\"imageID"
    "\":\"\"},{\"name\":\"sidecar\",\"state\":{\"running\":{\"startedAt\":\"2026-11-26T17:3"
    "3:27Z\"}},\"lastState\":{},\"ready\":true,\"restartCount\":0,\"image\":\"x\",\"imageID"
    "\":\"\",\"started\":true}],\"containerStatuses\":[{\"name\":\"main\",\"state\":{\"runn"
    "ing\":{\"startedAt\":\"2026-11-26T17:33:27Z\"}},\"lastState\":{},\"ready\":true,\"rest"
    "artCount\":0,\"image\":\"x\",\"imageID\":\"\"}],\"qosClass\":\"Burstable\"}},{\"metada"
    "ta\":{\"name\":\"unit-b\",\"namespace\":\"kc-describe-unit\",\"uid\":\"2c8615a1-d6e7-4"
    "917-bfb7-dc6e2fdab233\",\"resourceVersion\":\"2414\",\"generation\":1,\"creationTimest"
    "amp\":\"2026-11-26T17:33:27Z\",\"annotations\":{\"kubectl.kubernetes.io/last-applied-c"
    "onfiguration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\",\\\"metadata"
    "\\\":{\\\"annotations\\\":{},\\\"name\\\":\\\"unit-b\\\",\\\"namespace\\\":\\\"kc-desc"
    "ribe-unit\\\"},\\\"spec\\\":{\\\"containers\\\":[{\\\"image\\\":\\\"x\\\",\\\"name\\\""
    ":\\\"main\\\",\\\"resources\\\":{\\\"requests\\\":{\\\"cpu\\\":\\\"1500m\\\",\\\"memor"
    "y\\\":\\\"1.5Gi\\\"}}}],\\\"nodeName\\\":\\\"kc-unit-node\\\"}}\\n\"}},\"spec\":{\"vol"
    "umes\":[{\"name\":\"kube-api-access-gq89p\",\"projected\":{\"sources\":[{\"serviceAcco"
    "untToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},{\"configMap\":{\"name\":"
    "\"kube-root-ca.crt\",\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}},{\"downwar"
    "dAPI\":{\"items\":[{\"path\":\"namespace\",\"fieldRef\":{\"apiVersion\":\"v1\",\"field"
    "Path\":\"metadata.namespace\"}}]}}],\"defaultMode\":420}}],\"containers\":[{\"name\":"
    "\"main\",\"image\":\"x\",\"resources\":{\"requests\":{\"cpu\":\"1500m\",\"memory\":\"1"
    "536Mi\"}},\"volumeMounts\":[{\"name\":\"kube-api-access-gq89p\",\"readOnly\":true,\"mo"
    "untPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}],\"terminationMessagePath"
    "\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":"
    "\"Always\"}],\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,\"dnsPo"
    "licy\":\"ClusterFirst\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"defaul"
    "t\",\"nodeName\":\"kc-unit-node\",\"securityContext\":{},\"schedulerName\":\"default-s"
    "cheduler\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"E"
    "xists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes"
    ".io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds"
    "\":300}],\"priority\":0,\"enableServiceLinks\":true,\"preemptionPolicy\":\"PreemptLowe"
    "rPriority\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Initialized"
    "\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-26T17:3"
    "3:27Z\"},{\"type\":\"Ready\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransiti"
    "onTime\":\"2026-11-26T17:33:27Z\"},{\"type\":\"ContainersReady\",\"status\":\"True\","
    "\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-26T17:33:27Z\"}],\"hostIP\":\""
    "192.0.2.9\",\"hostIPs\":[{\"ip\":\"192.0.2.9\"}],\"podIP\":\"10.250.0.2\",\"podIPs\":["
    "{\"ip\":\"10.250.0.2\"}],\"startTime\":\"2026-11-26T17:33:27Z\",\"containerStatuses\":"
    "[{\"name\":\"main\",\"state\":{\"running\":{\"startedAt\":\"2026-11-26T17:33:27Z\"}},"
    "\"lastState\":{},\"ready\":true,\"restartCount\":0,\"image\":\"x\",\"imageID\":\"\"}],"
    "\"qosClass\":\"Burstable\"}}]}";

static const char lease_json[] =
    "{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\",\"metadata\":{\"name\":"
    "\"kc-unit-node\",\"namespace\":\"kube-node-lease\",\"uid\":\"454be4d3-fe0c-4cc8-a143-5"
    "f6dae9a568c\",\"resourceVersion\":\"2443\",\"creationTimestamp\":\"2026-11-26T17:33:16"
    "Z\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"kc-unit-n"
    "ode\",\"uid\":\"0eeeb61c-1e0d-424a-9efe-a69777f98d0e\"}]},\"spec\":{\"holderIdentity\""
    ":\"vm_f4806de2-d1ca-4c9f-a69f-288b4519c3b5\",\"leaseDurationSeconds\":40,\"renewTime\""
    ":\"2026-11-26T17:33:36.696273Z\"}}";

static const char widget_json[] =
    "{\"apiVersion\":\"kc.example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"annotations"
    "\":{\"empty\":\"\",\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"apiVers"
    "ion\\\":\\\"kc.example.com/v1\\\",\\\"kind\\\":\\\"Widget\\\",\\\"metadata\\\":{\\\"an"
    "notations\\\":{\\\"empty\\\":\\\"\\\",\\\"short\\\":\\\"a\\\"},\\\"labels\\\":{\\\"app"
    "\\\":\\\"gizmo\\\",\\\"tier\\\":\\\"backend\\\"},\\\"name\\\":\\\"gizmo\\\",\\\"namesp"
    "ace\\\":\\\"kc-describe\\\"},\\\"spec\\\":{\\\"ID\\\":7,\\\"apiURL\\\":\\\"http://gizm"
    "o.example.invalid/api\\\",\\\"bigNumber\\\":12345678901,\\\"displayName\\\":\\\"Gizmo "
    "Deluxe\\\",\\\"dotted.key\\\":\\\"dot\\\",\\\"emptyList\\\":[],\\\"emptyMap\\\":{},\\"
    "\"enabled\\\":false,\\\"matrix\\\":[[1,2],[\\\"a\\\",\\\"b\\\"]],\\\"maxRetries\\\":5,"
    "\\\"nested\\\":{\\\"innerKey\\\":{\\\"deepValue\\\":1,\\\"otherValue\\\":\\\"text with"
    " spaces\\\"},\\\"list\\\":[\\\"one\\\",\\\"two\\\"]},\\\"podIPs\\\":[\\\"10.0.0.1\\\","
    "\\\"10.0.0.2\\\"],\\\"ports\\\":[{\\\"containerPort\\\":80,\\\"name\\\":\\\"http\\\"},"
    "{\\\"containerPort\\\":9090,\\\"extra\\\":{\\\"deepKey\\\":\\\"deep\\\"},\\\"name\\\":"
    "\\\"metrics\\\"}],\\\"ratio\\\":1.5,\\\"size\\\":3,\\\"snake_case\\\":\\\"snake\\\",\\"
    "\"someHTTPServer\\\":\\\"front\\\",\\\"with-dash\\\":\\\"dashed\\\",\\\"x\\\":1}}\\n\""
    ",\"short\":\"a\"},\"creationTimestamp\":\"2026-11-26T17:02:29Z\",\"generation\":1,\"la"
    "bels\":{\"app\":\"gizmo\",\"tier\":\"backend\"},\"name\":\"gizmo\",\"namespace\":\"kc-"
    "describe\",\"resourceVersion\":\"669\",\"uid\":\"0ede928c-a555-4385-8de0-412c009a4630"
    "\"},\"spec\":{\"ID\":7,\"apiURL\":\"http://gizmo.example.invalid/api\",\"bigNumber\":1"
    "2345678901,\"displayName\":\"Gizmo Deluxe\",\"dotted.key\":\"dot\",\"emptyList\":[],\""
    "emptyMap\":{},\"enabled\":false,\"matrix\":[[1,2],[\"a\",\"b\"]],\"maxRetries\":5,\"ne"
    "sted\":{\"innerKey\":{\"deepValue\":1,\"otherValue\":\"text with spaces\"},\"list\":["
    "\"one\",\"two\"]},\"podIPs\":[\"10.0.0.1\",\"10.0.0.2\"],\"ports\":[{\"containerPort\""
    ":80,\"name\":\"http\"},{\"containerPort\":9090,\"extra\":{\"deepKey\":\"deep\"},\"name"
    "\":\"metrics\"}],\"ratio\":1.5,\"size\":3,\"snake_case\":\"snake\",\"someHTTPServer\":"
    "\"front\",\"with-dash\":\"dashed\",\"x\":1},\"status\":{\"conditions\":[{\"reason\":\""
    "AllGood\",\"status\":\"True\",\"type\":\"Ready\"}],\"observedGeneration\":1,\"phase\":"
    "\"Ready\"}}";

static const char svc_text[] =
    "Name:                     unit-svc\nNamespace:                kc-describe-unit\nLabels"
    ":                   <none>\nAnnotations:              note: tab  here\nSelector:      "
    "           app=none\nType:                     ClusterIP\nIP Family Policy:         Si"
    "ngleStack\nIP Families:              IPv4\nIP:                       10.96.72.60\nIPs:"
    "                      10.96.72.60\nPort:                     http  80/TCP\nTargetPort:"
    "               8080/TCP\nEndpoints:                10.0.0.1:8080,10.0.0.2:8080,10.0.0."
    "4:8080 + 1 more...\nPort:                     dns  9/UDP\nTargetPort:               9/"
    "UDP\nEndpoints:                10.0.0.1:9,10.0.0.2:9,10.0.0.4:9\nSession Affinity:    "
    "     None\nInternal Traffic Policy:  Cluster\nEvents:\n  Type     Reason  Age         "
    "      From                Message\n  ----     ------  ----              ----          "
    "      -------\n  Warning  Odd     400d              kc-unit             ^[[1mbold^[[0m"
    " and a CR\\r here\n  Normal   Type    9d (x3 over 30d)  service-controller  ClusterIP "
    "-> NodePort\n";

static const char node_text[] =
    "Name:               kc-unit-node\nRoles:              edge,infra,worker\nLabels:      "
    "       kubernetes.io/role=edge\n                    node-role.kubernetes.io/infra=\n  "
    "                  node-role.kubernetes.io/worker=\nAnnotations:        node.alpha.kube"
    "rnetes.io/ttl: 0\nCreationTimestamp:  Thu, 26 Nov 2026 17:33:16 +0000\nTaints:        "
    "     aa:NoSchedule\n                    dedicated=unit:NoSchedule\n                   "
    " zz:PreferNoSchedule\nUnschedulable:      false\nLease:\n  HolderIdentity:  vm_f4806de"
    "2-d1ca-4c9f-a69f-288b4519c3b5\n  AcquireTime:     <unset>\n  RenewTime:       Thu, 26 "
    "Nov 2026 17:33:36 +0000\nConditions:\n  Type                 Status  LastHeartbeatTime"
    "                 LastTransitionTime                Reason                       Messag"
    "e\n  ----                 ------  -----------------                 ------------------"
    "                ------                       -------\n  Ready                True    T"
    "hu, 26 Nov 2026 17:33:16 +0000   Thu, 26 Nov 2026 17:33:16 +0000   KubeletReady       "
    "          kubelet is posting ready status\n  MemoryPressure       False   Thu, 26 Nov "
    "2026 17:33:16 +0000   Thu, 26 Nov 2026 17:33:16 +0000   KubeletHasSufficientMemory   k"
    "ubelet has sufficient memory available\n  DiskPressure         False   Thu, 26 Nov 202"
    "6 17:33:16 +0000   Thu, 26 Nov 2026 17:33:16 +0000   KubeletHasNoDiskPressure     kube"
    "let has no disk pressure\n  PIDPressure          False   Thu, 26 Nov 2026 17:33:16 +00"
    "00   Thu, 26 Nov 2026 17:33:16 +0000   KubeletHasSufficientPID      kubelet has suffic"
    "ient PID available\n  NetworkUnavailable   False   Thu, 26 Nov 2026 17:33:16 +0000   T"
    "hu, 26 Nov 2026 17:33:16 +0000   RouteCreated                 RouteController created "
    "a route\nAddresses:\n  InternalIP:  192.0.2.9\n  Hostname:    unit\nCapacity:\n  cpu: "
    "               2\n  ephemeral-storage:  10Gi\n  example.com/gpu:    4\n  hugepages-2Mi"
    ":      1Gi\n  memory:             4Gi\n  pods:               10\nAllocatable:\n  cpu: "
    "               1900m\n  ephemeral-storage:  10Gi\n  example.com/gpu:    4\n  hugepages"
    "-2Mi:      1Gi\n  memory:             3584Mi\n  pods:               10\nSystem Info:\n"
    "  Machine ID:                 m\n  System UUID:                s\n  Boot ID:          "
    "          b\n  Kernel Version:             6.1\n  OS Image:                   Unit OS"
    "\n  Operating System:           linux\n  Architecture:               arm64\n  Containe"
    "r Runtime Version:  none://0\n  Kubelet Version:            v1.37.2\nPodCIDR:         "
    "             10.250.0.0/24\nPodCIDRs:                     10.250.0.0/24\nProviderID:  "
    "                 kc://unit\nNon-terminated Pods:          (2 in total)\n  Namespace   "
    "                Name      CPU Requests  CPU Limits  Memory Requests  Memory Limits  Ag"
    "e\n  ---------                   ----      ------------  ----------  ---------------  "
    "-------------  ---\n  kc-describe-unit            unit-a    1 (52%)       700m (36%)  "
    "1Gi (28%)        384Mi (10%)    10d\n  kc-describe-unit            unit-b    1500m (78"
    "%)   0 (0%)      1536Mi (42%)     0 (0%)         10d\nAllocated resources:\n  (Total l"
    "imits may be over 100 percent, i.e., overcommitted.)\n  Resource           Requests   "
    "   Limits\n  --------           --------      ------\n  cpu                2500m (131%"
    ")  700m (36%)\n  memory             2560Mi (71%)  384Mi (10%)\n  ephemeral-storage  0 "
    "(0%)        0 (0%)\n  hugepages-2Mi      64Mi (6%)     64Mi (6%)\n  example.com/gpu   "
    " 1             1\n";

static const char widget_text[] =
    "Name:         gizmo\nNamespace:    kc-describe\nLabels:       app=gizmo\n             "
    " tier=backend\nAnnotations:  empty: \n              short: a\nAPI Version:  kc.example"
    ".com/v1\nKind:         Widget\nMetadata:\n  Creation Timestamp:  2026-11-26T17:02:29Z"
    "\n  Generation:          1\n  Resource Version:    669\n  UID:                 0ede928"
    "c-a555-4385-8de0-412c009a4630\nSpec:\n  ID:            7\n  API URL:       http://gizm"
    "o.example.invalid/api\n  Big Number:    12345678901\n  Display Name:  Gizmo Deluxe\n  "
    "dotted.key:    dot\n  Empty List:\n  Empty Map:\n  Enabled:  false\n  Matrix:\n    [1 "
    "2]\n    [a b]\n  Max Retries:  5\n  Nested:\n    Inner Key:\n      Deep Value:   1\n  "
    "    Other Value:  text with spaces\n    List:\n      one\n      two\n  Pod I Ps:\n    "
    "10.0.0.1\n    10.0.0.2\n  Ports:\n    Container Port:  80\n    Name:            http\n"
    "    Container Port:  9090\n    Extra:\n      Deep Key:     deep\n    Name:           m"
    "etrics\n  Ratio:            1.5\n  Size:             3\n  snake_case:       snake\n  S"
    "ome HTTPServer:  front\n  With - Dash:      dashed\n  X:                1\nStatus:\n  "
    "Conditions:\n    Reason:             AllGood\n    Status:             True\n    Type: "
    "              Ready\n  Observed Generation:  1\n  Phase:                Ready\n";

/* ---- a fake server ---- */

struct route {
	const char *path;
	const char *query_has; /* substring the encoded query must contain, or NULL */
	const char *body;      /* JSON body, or NULL for an error */
	kube_code code;	       /* the error to return when body is NULL */
	const char *reason, *message;
};

/* A route answering with body. */
#define OK_ROUTE(path, query, body) {path, query, body, KUBE_OK, NULL, NULL}

struct fake {
	const struct route *routes;
	size_t n;
	size_t calls;
	char last_query[4096];
	char queries[16][1024];
};

static int fake_get(void *payload, const char *path, const kube_param *params, size_t nparams,
		    kube_obj **out, kube_err *err)
{
	struct fake *f = payload;
	kube_buf q = KUBE_BUF_INIT;
	size_t i;
	int rc;

	*out = NULL;
	kube_query_encode(&q, params, nparams);
	snprintf(f->last_query, sizeof(f->last_query), "%s?%s", path, q.ptr);
	if (f->calls < 16)
		snprintf(f->queries[f->calls], sizeof(f->queries[0]), "%s?%s", path, q.ptr);
	f->calls++;
	for (i = 0; i < f->n; i++) {
		const struct route *r = &f->routes[i];

		if (strcmp(r->path, path) || (r->query_has && !strstr(q.ptr, r->query_has)))
			continue;
		kube_buf_release(&q);
		if (r->body)
			return kube_obj_parse_json(out, r->body, strlen(r->body), err);
		rc = kube_err_set(err, r->code, "%s", r->message);
		if (err) {
			free(err->reason);
			err->reason = strdup(r->reason);
			err->has_status = true;
		}
		return rc;
	}
	kube_buf_release(&q);
	rc = kube_err_set(err, KUBE_ENOTFOUND, "the server could not find the requested resource");
	if (err) {
		free(err->reason);
		err->reason = strdup("NotFound");
	}
	return rc;
}

static const kube_resource res_service = {
    .group = "", .version = "v1", .resource = "services", .kind = "Service", .namespaced = true};
static const kube_resource res_node = {
    .group = "", .version = "v1", .resource = "nodes", .kind = "Node"};
static const kube_resource res_pod = {
    .group = "", .version = "v1", .resource = "pods", .kind = "Pod", .namespaced = true};
static const kube_resource res_secret = {
    .group = "", .version = "v1", .resource = "secrets", .kind = "Secret", .namespaced = true};
static const kube_resource res_cm = {.group = "",
				     .version = "v1",
				     .resource = "configmaps",
				     .kind = "ConfigMap",
				     .namespaced = true};
static const kube_resource res_widget = {.group = "kc.example.com",
					 .version = "v1",
					 .resource = "widgets",
					 .kind = "Widget",
					 .namespaced = true};

static kube_obj *parse(const char *json)
{
	kube_obj *o = NULL;

	assert_int_equal(kube_obj_parse_json(&o, json, strlen(json), NULL), 0);
	return o;
}

/* Describe json as r with the given routes; returns the text (caller frees) or NULL with *rc
 * and err set. */
static char *describe(const kube_resource *r, const char *json, const struct route *routes,
		      size_t nroutes, const kube_describe_settings *s, struct fake *f, int *rc,
		      kube_err *err)
{
	kube_describe_io io = {fake_get, f};
	kube_buf out = KUBE_BUF_INIT;
	kube_obj *o = parse(json);
	char *text;

	f->routes = routes;
	f->n = nroutes;
	*rc = kube_describe_object(&out, &io, r, o, s, err);
	kube_obj_free(o);
	if (*rc < 0) {
		assert_int_equal(out.len, 0);
		kube_buf_release(&out);
		return NULL;
	}
	text = kube_buf_detach(&out, NULL);
	assert_non_null(text);
	return text;
}

#define NS_UNIT "/apis/discovery.k8s.io/v1/namespaces/kc-describe-unit/endpointslices"
#define EV_UNIT "/api/v1/namespaces/kc-describe-unit/events"

/* The service with two EndpointSlices (IPv4 with a not-ready endpoint, IPv6) and two events:
 * a repeated one and one with an ESC and a CR in its message. */
static void test_service(void **state)
{
	const struct route routes[] = {
	    OK_ROUTE(NS_UNIT, "labelSelector=kubernetes.io%2Fservice-name%3Dunit-svc", slices_json),
	    OK_ROUTE(EV_UNIT, "involvedObject.kind%3DService", svc_events_json),
	};
	kube_describe_settings s = {.show_events = true, .chunk_size = 500, .now = 1795714425};
	struct fake f = {0};
	kube_err err = KUBE_ERR_INIT;
	char *text;
	int rc;

	(void)state;
	text = describe(&res_service, svc_json, routes, 2, &s, &f, &rc, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(text, svc_text);
	/* the events are asked for by name, namespace, kind and uid, 500 at a time */
	assert_int_equal(f.calls, 2);
	assert_non_null(strstr(f.queries[1], "involvedObject.name%3Dunit-svc"));
	assert_non_null(strstr(f.queries[1], "involvedObject.namespace%3Dkc-describe-unit"));
	assert_non_null(strstr(f.queries[1], "involvedObject.uid%3D4a86513a-0509-4727-8959-"));
	assert_non_null(strstr(f.queries[1], "limit=500"));
	free(text);
}

/* --show-events=false: no events request and no Events section. */
static void test_service_without_events(void **state)
{
	const struct route routes[] = {OK_ROUTE(NS_UNIT, NULL, slices_json)};
	kube_describe_settings s = {.show_events = false, .chunk_size = 500, .now = 1795714425};
	struct fake f = {0};
	char *text, *want = strdup(svc_text), *ev;
	int rc;

	(void)state;
	ev = strstr(want, "Events:");
	assert_non_null(ev);
	*ev = '\0';
	text = describe(&res_service, svc_json, routes, 1, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(text, want);
	assert_int_equal(f.calls, 1);
	free(text);
	free(want);
}

/* Without EndpointSlices every port's endpoints are <none>; a failing slice list is not an
 * error (kubectl ignores it too). */
static void test_service_slices_fail(void **state)
{
	const struct route routes[] = {{NS_UNIT, NULL, NULL, KUBE_EAPI, "Forbidden", "nope"}};
	kube_describe_settings s = {.now = 1795714425};
	struct fake f = {0};
	char *text;
	int rc;

	(void)state;
	text = describe(&res_service, svc_json, routes, 1, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "Endpoints:                <none>\nPort:"));
	assert_null(strstr(text, "Events:"));
	free(text);
}

#define NODE_PODS "/api/v1/pods"
#define NODE_LEASE "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kc-unit-node"

/* A node with pods whose requests and limits exercise the resource arithmetic (init
 * containers, a restartable sidecar, binary and decimal memory, hugepages, an extended
 * resource), taints, roles, a lease and no resource slices. */
static void test_node(void **state)
{
	const struct route routes[] = {
	    OK_ROUTE(NODE_PODS,
		     "fieldSelector=spec.nodeName%3Dkc-unit-node%2Cstatus.phase%21%3DSucceeded"
		     "%2Cstatus.phase%21%3DFailed",
		     node_pods_json),
	    OK_ROUTE(NODE_LEASE, NULL, lease_json),
	    OK_ROUTE("/apis/resource.k8s.io/v1/resourceslices", "spec.nodeName%3Dkc-unit-node",
		     "{\"kind\":\"ResourceSliceList\",\"items\":[]}"),
	};
	kube_describe_settings s = {.chunk_size = 500};
	struct fake f = {0};
	char *text;
	int64_t created;
	int rc;

	(void)state;
	assert_int_equal(kube_time_parse("2026-11-26T17:33:27Z", &created), 0);
	s.now = created + 10 * 86400;
	text = describe(&res_node, node_json, routes, 3, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(text, node_text);
	free(text);
}

/* Pods that may not be listed give "Pods: not authorized"; a missing lease is shown. */
static void test_node_forbidden(void **state)
{
	const struct route routes[] = {
	    {NODE_PODS, NULL, NULL, KUBE_EAPI, "Forbidden",
	     "pods is forbidden: User \"u\" cannot list resource \"pods\""},
	    {NODE_LEASE, NULL, NULL, KUBE_ENOTFOUND, "NotFound",
	     "leases.coordination.k8s.io \"kc-unit-node\" not found"},
	};
	kube_describe_settings s = {.now = 1795714425};
	struct fake f = {0};
	char *text;
	int rc;

	(void)state;
	text = describe(&res_node, node_json, routes, 2, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "\nLease:              Failed to get lease: "
				     "leases.coordination.k8s.io \"kc-unit-node\" not found\n"));
	assert_non_null(strstr(text, "\nPods:                         not authorized\n"));
	assert_null(strstr(text, "Allocated resources"));
	free(text);
}

/* Any other failure to list the pods fails the description, with the error as returned. */
static void test_node_pods_error(void **state)
{
	const struct route routes[] = {
	    {NODE_PODS, NULL, NULL, KUBE_EAPI, "InternalError", "etcd is down"},
	};
	kube_describe_settings s = {.now = 1795714425};
	struct fake f = {0};
	kube_err err = KUBE_ERR_INIT;
	char *text;
	int rc;

	(void)state;
	text = describe(&res_node, node_json, routes, 1, &s, &f, &rc, &err);
	assert_null(text);
	assert_int_equal(rc, KUBE_EAPI);
	assert_int_equal(err.code, rc);
	assert_string_equal(err.reason, "InternalError");
	assert_string_equal(err.message, "etcd is down");
	kube_err_clear(&err);
	/* err may be NULL */
	text = describe(&res_node, node_json, routes, 1, &s, &f, &rc, NULL);
	assert_null(text);
	assert_int_equal(rc, KUBE_EAPI);
}

/* The generic describer on a CRD instance: smart labels, nested maps and lists, the hidden
 * last-applied-configuration annotation. */
static void test_generic(void **state)
{
	kube_describe_settings s = {.now = 1795714425};
	struct fake f = {0};
	char *text;
	int rc;

	(void)state;
	text = describe(&res_widget, widget_json, NULL, 0, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(text, widget_text);
	assert_int_equal(f.calls, 0);
	free(text);
}

/* Secrets: sizes of the decoded values, never the values; a service account token is shown. */
static void test_secret(void **state)
{
	static const char opaque[] =
	    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":"
	    "\"n\",\"labels\":{\"b\":\"2\",\"a\":\"1\"}},\"type\":\"Opaque\",\"data\":{"
	    "\"password\":"
	    "\"aHVudGVyMg==\",\"empty\":\"\",\"three\":\"YWJj\"}}";
	static const char want_opaque[] = "Name:         s\n"
					  "Namespace:    n\n"
					  "Labels:       a=1\n"
					  "              b=2\n"
					  "Annotations:  <none>\n"
					  "\n"
					  "Type:  Opaque\n"
					  "\n"
					  "Data\n"
					  "====\n"
					  "empty:     0 bytes\n"
					  "password:  7 bytes\n"
					  "three:     3 bytes\n";
	static const char token[] =
	    "{\"metadata\":{\"name\":\"t\",\"namespace\":\"n\"},\"type\":"
	    "\"kubernetes.io/service-account-token\",\"data\":{\"token\":\"ZXlKaGJH\","
	    "\"ca.crt\":\"YWJjZA==\"}}";
	kube_describe_settings s = {.show_events = true, .now = 1795714425};
	struct fake f = {0};
	char *text;
	int rc;

	(void)state;
	text = describe(&res_secret, opaque, NULL, 0, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(text, want_opaque);
	assert_null(strstr(text, "hunter2"));
	assert_int_equal(f.calls, 0); /* secrets have no events */
	free(text);
	text = describe(&res_secret, token, NULL, 0, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "ca.crt:  4 bytes\ntoken:   eyJhbG\n"));
	free(text);
}

/* Config maps: values go through the tab writer (a tab makes a cell), binary sizes, and the
 * events: when they cannot be listed the whole description fails, as with kubectl. */
static void test_configmap(void **state)
{
	static const char cm[] =
	    "{\"metadata\":{\"name\":\"c\",\"namespace\":\"n\",\"uid\":\"u1\"},"
	    "\"data\":{\"t\":\"a\\tb\",\"ab\":\"xyz\\tq\",\"z\":\"\"},\"binaryData\":{\"bin\":"
	    "\"AAEC\"}}";
	static const char want[] = "Name:         c\n"
				   "Namespace:    n\n"
				   "Labels:       <none>\n"
				   "Annotations:  <none>\n"
				   "\n"
				   "Data\n"
				   "====\n"
				   "ab:\n"
				   "----\n"
				   "xyz  q\n"
				   "\n"
				   "t:\n"
				   "----\n"
				   "a  b\n"
				   "\n"
				   "z:\n"
				   "----\n"
				   "\n"
				   "\n"
				   "\n"
				   "BinaryData\n"
				   "====\n"
				   "bin: 3 bytes\n"
				   "\n"
				   "Events:  <none>\n";
	const struct route ok[] = {OK_ROUTE("/api/v1/namespaces/n/events",
					    "involvedObject.kind%3DConfigMap", "{\"items\":[]}")};
	const struct route bad[] = {{"/api/v1/namespaces/n/events", NULL, NULL, KUBE_EAPI,
				     "Forbidden", "events is forbidden"}};
	kube_describe_settings s = {.show_events = true, .chunk_size = 7, .now = 1795714425};
	struct fake f = {0};
	kube_err err = KUBE_ERR_INIT;
	char *text;
	int rc;

	(void)state;
	text = describe(&res_cm, cm, ok, 1, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(text, want);
	assert_non_null(strstr(f.last_query, "limit=7"));
	free(text);
	text = describe(&res_cm, cm, bad, 1, &s, &f, &rc, &err);
	assert_null(text);
	assert_int_equal(rc, KUBE_EAPI);
	assert_int_equal(err.code, KUBE_EAPI);
	assert_string_equal(err.message, "events is forbidden");
	kube_err_clear(&err);
}

/* More than twelve events, many with the same lastTimestamp: kubectl sorts them with Go's
 * sort.Sort (pdqsort), which is not stable. The order below is the oracle's for the same list
 * (the seed's many-events pod): names in list order, lastTimestamp 12, 11 or 10 days ago. Pods
 * ask for their events without the kind. */
static void test_event_order(void **state)
{
	static const char pod[] =
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":"
	    "\"n\",\"uid\":\"u2\"},\"spec\":{\"containers\":[]},\"status\":{\"phase\":"
	    "\"Running\",\"qosClass\":\"BestEffort\"}}";
	static const char *const want[] = {"08", "02", "14", "11", "05", "13", "07", "10",
					   "04", "01", "16", "06", "09", "12", "03", "15"};
	kube_buf evs = KUBE_BUF_INIT;
	kube_describe_settings s = {.show_events = true, .now = 1795714425};
	struct fake f = {0};
	struct route routes[1];
	char *text, *p;
	int64_t base;
	int i, rc;

	(void)state;
	assert_int_equal(kube_time_parse("2026-11-26T17:29:33Z", &base), 0);
	kube_buf_puts(&evs, "{\"items\":[");
	for (i = 1; i <= 16; i++) {
		kube_buf ts = KUBE_BUF_INIT;
		int age = i % 3 + 10;
		time_t t = (time_t)(base - (int64_t)age * 86400);
		struct tm tm;

		gmtime_r(&t, &tm);
		kube_buf_printf(&ts, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
				tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		kube_buf_printf(
		    &evs,
		    "%s{\"type\":\"Normal\",\"reason\":\"Step%02d\",\"message\":\"step\","
		    "\"source\":{\"component\":\"kc\"},\"count\":1,\"firstTimestamp\":\"%s\","
		    "\"lastTimestamp\":\"%s\",\"involvedObject\":{\"kind\":\"Pod\"}}",
		    i > 1 ? "," : "", i, ts.ptr, ts.ptr);
		kube_buf_release(&ts);
	}
	kube_buf_puts(&evs, "]}");
	assert_false(evs.failed);
	routes[0] =
	    (struct route){"/api/v1/namespaces/n/events", NULL, evs.ptr, KUBE_OK, NULL, NULL};
	text = describe(&res_pod, pod, routes, 1, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	assert_null(strstr(f.last_query, "involvedObject.kind"));
	assert_non_null(strstr(f.last_query, "involvedObject.uid%3Du2"));
	p = text;
	for (i = 0; i < 16; i++) {
		char needle[16];

		snprintf(needle, sizeof(needle), "Step%s ", want[i]);
		p = strstr(p, needle);
		assert_non_null(p);
		p++;
	}
	assert_non_null(strstr(text, "  Normal  Step08  12d   kc    step\n"));
	free(text);
	kube_buf_release(&evs);
}

/* Event rows: age of lastTimestamp with the count, of eventTime or firstTimestamp otherwise, a
 * series, "<unknown>" for missing times, From falling back to reportingComponent, trimmed
 * messages prefixed with the field path. */
static void test_event_rows(void **state)
{
	static const char pod[] =
	    "{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\",\"uid\":\"u3\"},\"spec\":"
	    "{\"containers\":[]},\"status\":{\"qosClass\":\"BestEffort\"}}";
	static const char events[] =
	    "{\"items\":["
	    "{\"type\":\"Normal\",\"reason\":\"A\",\"message\":\" one \",\"source\":{\"component\":"
	    "\"kubelet\"},\"count\":5,\"firstTimestamp\":\"2026-11-20T00:00:00Z\","
	    "\"lastTimestamp\":\"2026-11-26T23:58:00Z\",\"involvedObject\":{\"fieldPath\":"
	    "\"spec.containers{c}\"}},"
	    "{\"type\":\"Warning\",\"reason\":\"B\",\"message\":\"two\",\"reportingComponent\":"
	    "\"ctl\",\"eventTime\":\"2026-11-26T23:59:58.900000Z\",\"series\":{\"count\":2,"
	    "\"lastObservedTime\":\"2026-11-26T23:59:59.500000Z\"}},"
	    "{\"type\":\"Normal\",\"reason\":\"C\",\"message\":\"three\"}]}";
	static const char want[] =
	    "Events:\n"
	    "  Type     Reason  Age              From     Message\n"
	    "  ----     ------  ----             ----     -------\n"
	    "  Warning  B       0s (x2 over 1s)  ctl      two\n"
	    "  Normal   C       <unknown>                 three\n"
	    "  Normal   A       2m (x5 over 7d)  kubelet  spec.containers{c}: one\n";
	const struct route routes[] = {OK_ROUTE("/api/v1/namespaces/n/events", NULL, events)};
	kube_describe_settings s = {.show_events = true, .now = 0, .now_nsec = 0};
	struct fake f = {0};
	char *text, *ev;
	int64_t now;
	int rc;

	(void)state;
	assert_int_equal(kube_time_parse("2026-11-27T00:00:00Z", &now), 0);
	s.now = now;
	s.now_nsec = 200000000;
	text = describe(&res_pod, pod, routes, 1, &s, &f, &rc, NULL);
	assert_int_equal(rc, 0);
	ev = strstr(text, "Events:");
	assert_non_null(ev);
	assert_string_equal(ev, want);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_service),
	    cmocka_unit_test(test_service_without_events),
	    cmocka_unit_test(test_service_slices_fail),
	    cmocka_unit_test(test_node),
	    cmocka_unit_test(test_node_forbidden),
	    cmocka_unit_test(test_node_pods_error),
	    cmocka_unit_test(test_generic),
	    cmocka_unit_test(test_secret),
	    cmocka_unit_test(test_configmap),
	    cmocka_unit_test(test_event_order),
	    cmocka_unit_test(test_event_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
