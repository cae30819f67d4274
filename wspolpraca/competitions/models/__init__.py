"""The competitions' models, one module per stage; imported from here as before.

The tables, the app label and the migration chain are unchanged: the split is of files only.
"""

from wspolpraca.competitions.models.agreements import (  # noqa: F401
    Agreement,
    AgreementAnnex,
    AgreementTranche,
    OfferUpdate,
    agreement_scan_path,
    annex_document_path,
)
from wspolpraca.competitions.models.calls import (  # noqa: F401
    MONEY,
    PERCENT,
    Call,
    CallAlert,
    CallCriterion,
    CallDocument,
    CallQuerySet,
    CallTask,
    CallTaskBudget,
    CityUnit,
    CompetitionSettings,
    PlannedCall,
    PlannedGrantsBudget,
    RequiredAttachment,
)
from wspolpraca.competitions.models.evaluation import (  # noqa: F401
    CommissionMember,
    CommissionWithoutNgo,
    Decision,
    Grant,
    ImpartialityDeclaration,
    NgoNomination,
    OfferAssessment,
    ReasonsRequest,
    Score,
    ScoreSheet,
)
from wspolpraca.competitions.models.offers import (  # noqa: F401
    CurrentAttachmentManager,
    FormalCheck,
    FormalCheckItem,
    Offer,
    OfferAttachment,
    OfferPartner,
    OfferQuerySet,
    OfferVersion,
    PartnerInvitation,
    offer_attachment_path,
)
from wspolpraca.competitions.models.reporting import (  # noqa: F401
    GrantReturn,
    Report,
    Settlement,
    TaxArrearsRate,
    report_document_path,
)
from wspolpraca.competitions.models.small_grants import (  # noqa: F401
    SmallGrantComment,
    SmallGrantReview,
)
